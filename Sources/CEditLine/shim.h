#ifndef KPIQ_CEDITLINE_SHIM_H
#define KPIQ_CEDITLINE_SHIM_H
#include <stdio.h>
#include <wchar.h>
#include <histedit.h>

/* libedit's native interface. `el_set` and `history` are variadic, which Swift cannot call,
   so each use kpiq makes of them gets a small fixed-argument wrapper here. */

typedef char *(*kpiq_prompt_fn)(EditLine *);
typedef unsigned char (*kpiq_edit_fn)(EditLine *, int);
typedef int (*kpiq_getc_fn)(EditLine *, wchar_t *);

static inline int kpiq_el_set_prompt(EditLine *el, kpiq_prompt_fn prompt) {
    return el_set(el, EL_PROMPT, prompt);
}

static inline int kpiq_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

static inline int kpiq_el_get_editor(EditLine *el, const char **mode) {
    return el_get(el, EL_EDITOR, mode);
}

static inline int kpiq_el_set_history(EditLine *el, History *history_state) {
    return el_set(el, EL_HIST, history, history_state);
}

static inline int kpiq_el_add_function(EditLine *el, const char *name, const char *help, kpiq_edit_fn function) {
    return el_set(el, EL_ADDFN, name, help, function);
}

/* `bind KEY FUNCTION` in the current key map (emacs, or vi insert). */
static inline int kpiq_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}

/* `setty -d SETTING`: a terminal setting while a line is edited. */
static inline int kpiq_el_setty_edit(EditLine *el, const char *setting) {
    return el_set(el, EL_SETTY, "-d", setting, NULL);
}

/* The function libedit reads each character of a line with. */
static inline int kpiq_el_set_getc(EditLine *el, kpiq_getc_fn getc) {
    return el_set(el, EL_GETCFN, getc);
}

static inline int kpiq_el_set_signal(EditLine *el, int handle) {
    return el_set(el, EL_SIGNAL, handle);
}

/* `bind -a KEY FUNCTION`: the vi command-mode key map. */
static inline int kpiq_el_bind_command_mode(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, "-a", key, function, NULL);
}

static inline int kpiq_el_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *kpiq_el_client_data(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

static inline int kpiq_history_set_size(History *history_state, int size) {
    HistEvent event;
    return history(history_state, &event, H_SETSIZE, size);
}

static inline int kpiq_history_set_unique(History *history_state, int unique) {
    HistEvent event;
    return history(history_state, &event, H_SETUNIQUE, unique);
}

static inline int kpiq_history_enter(History *history_state, const char *entry) {
    HistEvent event;
    return history(history_state, &event, H_ENTER, entry);
}

#endif
