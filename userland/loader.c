/*
 * loader.c - programs from shared objects: `spawn ./hello.so`, or
 * `spawn hello` found as hello.so in a folder of MINIOS_PATH.
 *
 * An object declares itself with MINIOS_PROGRAM (<minios_program.h>).  It
 * is checked before it is loaded (an ELF shared object of this machine),
 * loaded with every symbol bound at once (a missing symbol is an error
 * now, not a crash later), and kept loaded until minios exits: a task may
 * run its code at any time, so it is never unloaded under one.  Its text
 * is added to the tasks' own code (sys_add_text), so that the timer
 * interrupt preempts a loaded program as it does a built-in one.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <minios.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "programs.h"

#ifndef MINIOS_PROGRAMS_DIR
#define MINIOS_PROGRAMS_DIR "/usr/local/lib/minios/programs"
#endif

/* One loaded object, for the life of the process. */
struct loaded {
	struct program prog;
	char *path; /* as resolved: the key */
	struct loaded *next;
};
static struct loaded *loaded;

/* This program's own ELF header (the linker's symbol), to compare. */
extern const ElfW(Ehdr) __ehdr_start __attribute__((visibility("hidden")));

static const struct program *fail(char *why, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static const struct program *fail(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return NULL;
}

/* The checks before dlopen: a file, ELF, a shared object, this machine. */
static int check_file(const char *path, char *why, size_t size)
{
	struct stat st;
	ElfW(Ehdr) h;

	if (stat(path, &st) < 0) {
		snprintf(why, size, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, size, "not a file");
		return -1;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, size, "%s", strerror(errno));
		return -1;
	}
	ssize_t n = read(fd, &h, sizeof h);
	close(fd);
	if (n < (ssize_t)EI_NIDENT || memcmp(h.e_ident, ELFMAG, SELFMAG) != 0) {
		snprintf(why, size, "not a minios program (not an ELF object)");
		return -1;
	}
	if (h.e_ident[EI_CLASS] != __ehdr_start.e_ident[EI_CLASS] || n < (ssize_t)sizeof h ||
	    h.e_machine != __ehdr_start.e_machine) {
		snprintf(why, size,
			 "wrong architecture (ELF machine %u, class %u; this minios: %u, %u)",
			 n < (ssize_t)sizeof h ? 0u : (unsigned)h.e_machine,
			 (unsigned)h.e_ident[EI_CLASS], (unsigned)__ehdr_start.e_machine,
			 (unsigned)__ehdr_start.e_ident[EI_CLASS]);
		return -1;
	}
	if (h.e_type != ET_DYN) {
		snprintf(why, size, "not a shared object (build it with cc -shared -fPIC)");
		return -1;
	}
	return 0;
}

struct text_search {
	uintptr_t base;
	const char *name;
	int added;
};

static int add_text(struct dl_phdr_info *info, size_t size, void *data)
{
	struct text_search *s = data;

	if (info->dlpi_addr != s->base || !info->dlpi_name || strcmp(info->dlpi_name, s->name) != 0)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		const char *start = (const char *)(info->dlpi_addr + ph->p_vaddr);
		if (sys_add_text(start, start + ph->p_memsz) == 0)
			s->added++;
	}
	return 1;
}

static const struct program *load(const char *path, char *why, size_t size)
{
	char *real = realpath(path, NULL);

	if (!real && errno == ENOENT)
		return fail(why, size, "no such file");
	if (!real)
		return fail(why, size, "%s", strerror(errno));
	for (struct loaded *l = loaded; l; l = l->next) {
		if (strcmp(l->path, real) == 0) {
			free(real);
			return &l->prog;
		}
	}
	if (check_file(real, why, size) < 0) {
		free(real);
		return NULL;
	}
	dlerror();
	void *h = dlopen(real, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		const char *sym = e ? strstr(e, "undefined symbol: ") : NULL;
		free(real);
		if (sym)
			return fail(why, size, "missing symbol: %s",
				    sym + strlen("undefined symbol: "));
		return fail(why, size, "cannot load: %s", e ? e : "unknown error");
	}
	const struct minios_program *info = dlsym(h, "minios_program_info");
	if (!info) {
		dlclose(h);
		free(real);
		return fail(why, size, "not a minios program (no MINIOS_PROGRAM in it)");
	}
	if (info->abi != MINIOS_PROGRAM_ABI || !info->name || !info->main) {
		dlclose(h);
		free(real);
		return fail(why, size, "built for another minios (program ABI %u, this one %u)",
			    info->abi, (unsigned)MINIOS_PROGRAM_ABI);
	}
	struct loaded *l = calloc(1, sizeof *l);
	if (!l) {
		free(real);
		return fail(why, size, "out of memory");
	}
	struct link_map *map = NULL;
	if (dlinfo(h, RTLD_DI_LINKMAP, &map) == 0 && map) {
		struct text_search s = {map->l_addr, map->l_name, 0};
		dl_iterate_phdr(add_text, &s);
	}
	l->prog.name = info->name;
	l->prog.main = info->main;
	l->prog.usage = info->usage ? info->usage : info->name;
	l->prog.summary = info->summary ? info->summary : "";
	l->path = real;
	l->next = loaded;
	loaded = l;
	return &l->prog;
}

const struct program *program_load(const char *path, char *why, size_t why_size)
{
	/* The shell's own turn: no other task loads meanwhile. */
	sys_preempt_disable();
	const struct program *p = load(path, why, why_size);
	sys_preempt_enable();
	return p;
}

const char *program_path(void)
{
	const char *path = getenv("MINIOS_PATH");
	return path ? path : MINIOS_PROGRAMS_DIR;
}

/* Calls fn with each folder of MINIOS_PATH until it returns non-zero. */
static int each_dir(int (*fn)(const char *dir, void *arg), void *arg)
{
	const char *p = program_path();

	while (*p) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > 0 && len < 4096) {
			char dir[4096];
			memcpy(dir, p, len);
			dir[len] = '\0';
			int r = fn(dir, arg);
			if (r)
				return r;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

struct find {
	const char *name;
	char file[4096 + 256];
};

static int find_in(const char *dir, void *arg)
{
	struct find *f = arg;

	snprintf(f->file, sizeof f->file, "%s/%s.so", dir, f->name);
	return access(f->file, F_OK) == 0;
}

const struct program *program_lookup(const char *name, char *why, size_t why_size)
{
	const struct program *p = program_find(name);

	why[0] = '\0';
	if (p)
		return p;
	if (strchr(name, '/'))
		return program_load(name, why, why_size);
	struct find f = {name, ""};
	if (strlen(name) < 256 && each_dir(find_in, &f))
		return program_load(f.file, why, why_size);
	return NULL;
}

struct listing {
	void (*fn)(const char *file, const struct program *prog, const char *why, void *arg);
	void *arg;
};

static int list_dir(const char *dir, void *arg)
{
	struct listing *l = arg;
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);
		if (len > 3 && strcmp(names[i]->d_name + len - 3, ".so") == 0) {
			char file[4096 + 256], why[256] = "";
			snprintf(file, sizeof file, "%s/%s", dir, names[i]->d_name);
			const struct program *p = program_load(file, why, sizeof why);
			l->fn(file, p, why, l->arg);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return 0;
}

void program_each_found(void (*fn)(const char *file, const struct program *prog, const char *why,
				   void *arg),
			void *arg)
{
	struct listing l = {fn, arg};
	each_dir(list_dir, &l);
}
