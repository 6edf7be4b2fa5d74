#ifndef KPIQ_CEDITLINE_SHIM_H
#define KPIQ_CEDITLINE_SHIM_H
#include <stdio.h>
#include <editline/readline.h>
#endif
