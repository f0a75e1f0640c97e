/*
 * out.c: terminal output for the bodywork command line.  Text is wrapped at
 * the terminal's width (TIOCGWINSZ on a terminal; otherwise $COLUMNS when
 * set, else 80) with a hanging indent, by a column counter each caller keeps;
 * colour (SGR escapes) is used only when standard output is a terminal and
 * NO_COLOR is unset or empty.  Errors go to standard error as "bodywork:
 * message", or as "file:line:column: message" when they are in a file.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

static int width = 80;
static int colour;

void out_init(void)
{
	const char *cols = getenv("COLUMNS"), *no_colour = getenv("NO_COLOR");
	struct winsize ws;

	if (isatty(STDOUT_FILENO)) {
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			width = ws.ws_col;
		colour = !(no_colour && *no_colour);
	} else if (cols && atoi(cols) > 0) {
		width = atoi(cols);
	}
	if (width < 40) /* below this a hanging indent leaves no room */
		width = 40;
}

int out_width(void)
{
	return width;
}

const char *out_sgr(out_style s)
{
	static const char *const sgr[] = {
		"\033[0m", "\033[1m", "\033[2m", "\033[31m", "\033[32m",
		"\033[33m", "\033[34m", "\033[35m", "\033[36m"};
	return colour ? sgr[s] : "";
}

out_style out_evidence_style(bw_evidence ev)
{
	static const out_style style[BW_EVIDENCE_COUNT] = {
		OUT_GREEN, OUT_BLUE, OUT_MAGENTA, OUT_YELLOW, OUT_RED};
	return ev < BW_EVIDENCE_COUNT ? style[ev] : OUT_PLAIN;
}

/* Columns a word takes: UTF-8 continuation bytes and SGR escapes take
 * none. */
static int display_width(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\033') {
			while (i < n && s[i] != 'm')
				i++;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			w++;
		}
	}
	return w;
}

/*
 * Print text word by word from column *col, breaking lines before a word
 * that would pass the terminal's width and indenting continuation lines
 * by indent.  A word that follows others on a line gets one space first.
 */
void out_words(int *col, int indent, const char *text, out_style s)
{
	const char *p = text;

	while (p && *p) {
		size_t n;
		int w;
		p += strspn(p, " \t\n");
		if (!*p)
			break;
		n = strcspn(p, " \t\n");
		w = display_width(p, n);
		if (*col > indent && *col + 1 + w > width) {
			printf("\n%*s", indent, "");
			*col = indent;
		} else if (*col > indent) {
			putchar(' ');
			(*col)++;
		} else if (*col < indent) {
			printf("%*s", indent - *col, "");
			*col = indent;
		}
		printf("%s%.*s%s", s ? out_sgr(s) : "", (int)n, p,
		       s ? out_sgr(OUT_PLAIN) : "");
		*col += w;
		p += n;
	}
}

/* A label at indent, padded to labelw columns: the start of an aligned row
 * whose text the caller prints with out_words at indent + labelw. */
void out_label(int *col, int indent, int labelw, const char *label,
               out_style s)
{
	int w = display_width(label, strlen(label));
	printf("%*s%s%s%s", indent, "", out_sgr(s), label, s ? out_sgr(OUT_PLAIN)
	                                                      : "");
	*col = indent + w;
	if (w >= labelw) { /* too long to align: the text starts below */
		printf("\n");
		*col = 0;
	}
}

void out_end(int *col)
{
	if (*col > 0)
		putchar('\n');
	*col = 0;
}

int out_fail(int status, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("bodywork: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

/* A corpus error as one line, file:line:column: message (what editors and
 * compilers print), or with as much of the place as is known.  libxml2's
 * messages may hold line breaks; they become spaces. */
int out_error(const bw_error *err)
{
	const char *msg = err->message[0] ? err->message : bw_strerror(err->code);
	size_t n = strlen(msg);

	fflush(stdout);
	if (err->file[0] && err->line)
		fprintf(stderr, "%s:%lu:%lu: ", err->file, err->line, err->column);
	else if (err->file[0])
		fprintf(stderr, "%s: ", err->file);
	else
		fputs("bodywork: ", stderr);
	while (n && (unsigned char)msg[n - 1] <= ' ')
		n--;
	for (size_t i = 0; i < n; i++)
		fputc((unsigned char)msg[i] < ' ' ? ' ' : msg[i], stderr);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* Report a failed call: nothing found is status 1, the rest 2. */
int out_status(bw_status st, const bw_error *err)
{
	if (st == BW_ENOTFOUND)
		return out_fail(EXIT_NOTHING, "%s", err->message[0] ? err->message
		                                                   : bw_strerror(st));
	if (st == BW_ENOMEM)
		return out_fail(EXIT_USAGE, "%s", bw_strerror(st));
	return out_error(err);
}

/* Print a JSON document and free it; returns status, or 2 when the
 * document could not be built (out of memory). */
int out_json(json_t *doc, int status)
{
	if (!doc)
		return out_fail(EXIT_USAGE, "%s", bw_strerror(BW_ENOMEM));
	json_dumpf(doc, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(doc);
	return status;
}
