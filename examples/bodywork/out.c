/*
 * out.c: terminal output for the bodywork command line.  Text is wrapped at
 * the terminal's width (TIOCGWINSZ on a terminal; otherwise $COLUMNS when
 * set, else 80) with a hanging indent, by a column counter each caller keeps;
 * colour (SGR escapes) is used only when standard output is a terminal and
 * NO_COLOR is unset or empty.  Errors go to standard error as "bodywork:
 * message", or as "file:line:column: message" when they are in a file.
 *
 * Text that is not the program's own (names, facts, paths, messages that
 * echo arguments) may hold bytes a terminal obeys: C0 and C1 controls
 * (an escape starts a colour or cursor command) and the Unicode bidi
 * overrides and isolates (U+202A-202E, U+2066-2069), which reorder what
 * follows.  Every such character is written visibly instead: \x1b for a
 * C0 control, DEL or a byte that is not UTF-8, \u202e for a C1 control or
 * a bidi override.  JSON output gets the same characters as \u escapes,
 * which JSON parsers read back unchanged.  A message is cut at
 * OUT_MESSAGE_MAX bytes.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

#define OUT_MESSAGE_MAX 1024 /* bytes of one message, before escaping */

static int width = 80;
static int colour;

void out_init(void)
{
	const char *cols = getenv("COLUMNS"), *no_colour = getenv("NO_COLOR");
	struct winsize ws;
	size_t n;

	if (isatty(STDOUT_FILENO)) {
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			width = ws.ws_col;
		colour = !(no_colour && *no_colour);
	} else if (cols && cli_parse_number(cols, 1, 10000, &n) == 0) {
		width = (int)n;
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

/* The snippet marks out_marked turns into colour (corpus text, which is
 * XML, cannot hold these controls). */
#define MARK_OPEN '\001'
#define MARK_CLOSE '\002'

/*
 * The character at s (n bytes left, n > 0): returns how many bytes it
 * takes, and when it must be escaped writes its escape into e (room for 7
 * bytes), else makes e empty.  A byte that does not start a UTF-8
 * character is a character of its own.  json selects \u escapes only.
 */
static size_t escape_at(const char *s, size_t n, char *e, int json)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long cp;
	size_t len, k;

	e[0] = '\0';
	if (json && u[0] < 0x20) /* jansson's own layout: in strings, escaped */
		return 1;
	if (u[0] < 0x20 || u[0] == 0x7f) {
		snprintf(e, 7, json ? "\\u%04x" : "\\x%02x", u[0]);
		return 1;
	}
	if (u[0] < 0x80)
		return 1;
	len = u[0] >= 0xf5 ? 0 : u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 :
	      u[0] >= 0xc2 ? 2 : 0;
	for (k = 1; k < len; k++)
		if (k >= n || (u[k] & 0xc0) != 0x80)
			len = 0;
	if (!len)
		goto invalid;
	cp = u[0] & (0x7f >> len);
	for (k = 1; k < len; k++)
		cp = cp << 6 | (u[k] & 0x3f);
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		goto invalid;
	if ((cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		snprintf(e, 7, "\\u%04x", (unsigned)(cp & 0xffffu));
	return len;
invalid: /* not UTF-8: the byte itself */
	snprintf(e, 7, json ? "\\ufffd" : "\\x%02x", u[0]);
	return 1;
}

/* Write n bytes of s to f (or only measure, when f is NULL) with every
 * character a terminal would obey escaped (escape_at); with marks, the
 * snippet marks become colour.  Returns the columns written. */
static int put_escaped(FILE *f, const char *s, size_t n, int json, int marks)
{
	int w = 0;
	for (size_t i = 0; i < n;) {
		char e[8];
		size_t k;
		if (marks && (s[i] == MARK_OPEN || s[i] == MARK_CLOSE)) {
			if (f)
				fputs(s[i] == MARK_OPEN ? "\033[1;33m" : out_sgr(OUT_PLAIN), f);
			i++;
			continue;
		}
		k = escape_at(s + i, n - i, e, json);
		if (e[0]) {
			if (f)
				fputs(e, f);
			w += (int)strlen(e);
		} else {
			if (f)
				fwrite(s + i, 1, k, f);
			w++;
		}
		i += k;
	}
	return w;
}

int out_text(FILE *f, const char *s, size_t n)
{
	return put_escaped(f, s, n, 0, 0);
}

char *out_escaped(const char *s)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	out_text(f, s, strlen(s));
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Columns n bytes of s take once escaped: UTF-8 continuation bytes and
 * snippet marks take none. */
static int display_width(const char *s, size_t n)
{
	return put_escaped(NULL, s, n, 0, 1);
}

/*
 * Print text word by word from column *col, breaking lines before a word
 * that would pass the terminal's width and indenting continuation lines
 * by indent.  A word that follows others on a line gets one space first.
 * With marks, the snippet marks in text become colour.
 */
static void words(int *col, int indent, const char *text, out_style s,
                  int marks)
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
		fputs(s ? out_sgr(s) : "", stdout);
		put_escaped(stdout, p, n, 0, marks);
		fputs(s ? out_sgr(OUT_PLAIN) : "", stdout);
		*col += w;
		p += n;
	}
}

void out_words(int *col, int indent, const char *text, out_style s)
{
	words(col, indent, text, s, 0);
}

void out_marked(int *col, int indent, const char *text)
{
	words(col, indent, text, OUT_PLAIN, 1);
}

const char *out_mark(int close)
{
	static const char marks[2][2] = { { MARK_OPEN, 0 }, { MARK_CLOSE, 0 } };
	return colour ? marks[close != 0] : NULL;
}

/* A label at indent, padded to labelw columns: the start of an aligned row
 * whose text the caller prints with out_words at indent + labelw. */
void out_label(int *col, int indent, int labelw, const char *label,
               out_style s)
{
	int w = display_width(label, strlen(label));
	printf("%*s%s", indent, "", out_sgr(s));
	out_text(stdout, label, strlen(label));
	fputs(s ? out_sgr(OUT_PLAIN) : "", stdout);
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

/* n bytes of s, at most OUT_MESSAGE_MAX of them (cut at a character,
 * then "..."), escaped, to standard error; line breaks and tabs (which
 * libxml2's messages hold) become spaces. */
static void put_message(const char *s, size_t n)
{
	size_t cut = n;
	if (cut > OUT_MESSAGE_MAX) {
		cut = OUT_MESSAGE_MAX;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	}
	for (size_t i = 0; i < cut; i++) {
		size_t run = strcspn(s + i, "\n\t");
		if (run > cut - i)
			run = cut - i;
		out_text(stderr, s + i, run);
		i += run;
		if (i < cut)
			fputc(' ', stderr);
	}
	if (cut < n)
		fputs("...", stderr);
}

int out_fail(int status, const char *fmt, ...)
{
	char small[256], *msg = small;
	va_list ap;
	int n;
	fflush(stdout);
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(small) && (msg = malloc((size_t)n + 1)) != NULL) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	if (!msg) { /* out of memory: what fits */
		msg = small;
		n = (int)strlen(small);
	}
	fputs("bodywork: ", stderr);
	put_message(msg, n > 0 ? (size_t)n : 0);
	fputc('\n', stderr);
	if (msg != small)
		free(msg);
	return status;
}

/* Show q on standard error with a caret under byte at (0-based): the
 * whole query when it is short, else OUT_ECHO_CONTEXT bytes either side
 * of the caret with "..." where cut, escaped as all text is. */
#define OUT_ECHO_CONTEXT 60

void out_caret(const char *q, size_t at)
{
	size_t n = strlen(q), from, to;
	int before;
	if (at > n)
		return;
	from = at > OUT_ECHO_CONTEXT ? at - OUT_ECHO_CONTEXT : 0;
	to = n - at > OUT_ECHO_CONTEXT ? at + OUT_ECHO_CONTEXT : n;
	while (from > 0 && from < at && ((unsigned char)q[from] & 0xC0) == 0x80)
		from++;
	while (to < n && to > at && ((unsigned char)q[to] & 0xC0) == 0x80)
		to--;
	fputs(from ? "  ..." : "  ", stderr);
	out_text(stderr, q + from, to - from);
	fputs(to < n ? "...\n" : "\n", stderr);
	before = (from ? 5 : 2) + out_text(NULL, q + from, at - from);
	fprintf(stderr, "%*s^\n", before, "");
}

/* A corpus error as one line, file:line:column: message (what editors and
 * compilers print), or with as much of the place as is known.  libxml2's
 * messages may hold line breaks; they become spaces. */
int out_error(const bw_error *err)
{
	const char *msg = err->message[0] ? err->message : bw_strerror(err->code);
	size_t n = strlen(msg);

	fflush(stdout);
	if (err->file[0]) {
		out_text(stderr, err->file, strlen(err->file));
		if (err->line)
			fprintf(stderr, ":%lu:%lu", err->line, err->column);
		fputs(": ", stderr);
	} else {
		fputs("bodywork: ", stderr);
	}
	while (n && (unsigned char)msg[n - 1] <= ' ')
		n--;
	put_message(msg, n);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* Report a failed call; every failure is status 2, an unknown name too
 * (status 1 is for a question nothing answers, which is no failure). */
int out_status(bw_status st, const bw_error *err)
{
	if (st == BW_ENOTFOUND) /* an unknown name: the message, not the file */
		return out_fail(EXIT_USAGE, "%s", err->message[0] ? err->message
		                                                 : bw_strerror(st));
	if (st == BW_ENOMEM)
		return out_fail(EXIT_USAGE, "%s", bw_strerror(st));
	return out_error(err);
}

/* Print a JSON document and free it; returns status, or 2 when the
 * document could not be built (out of memory). */
int out_json(json_t *doc, int status)
{
	char *text;
	if (!doc)
		return out_fail(EXIT_USAGE, "%s", bw_strerror(BW_ENOMEM));
	text = json_dumps(doc, JSON_INDENT(2));
	json_decref(doc);
	if (!text)
		return out_fail(EXIT_USAGE, "%s", bw_strerror(BW_ENOMEM));
	/* jansson escapes C0 controls; DEL, C1 controls and bidi overrides it
	 * writes raw, and they only occur inside strings, where a \u escape
	 * means the same character */
	put_escaped(stdout, text, strlen(text), 1, 0);
	putchar('\n');
	free(text);
	return status;
}
