// glibc's allocator controls (mallopt, malloc_trim), which the Glibc module leaves out.
#if __has_include(<malloc.h>) && defined(__linux__)
#include <malloc.h>
#endif
