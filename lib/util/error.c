/*
 * error.c: filling a bw_error.  Every failure in the library passes through
 * bwi_error_vset, so messages are truncated and terminated the same way
 * everywhere, and bw_strerror gives the fixed text for each code.
 */
#include <stdio.h>
#include <string.h>

#include "util.h"

const char *bw_strerror(bw_status code)
{
	switch (code) {
	case BW_OK: return "success";
	case BW_EINVAL: return "invalid argument";
	case BW_ENOMEM: return "out of memory";
	case BW_EIO: return "cannot read path";
	case BW_EPARSE: return "malformed corpus file";
	case BW_ESCHEMA: return "corpus file does not match the schema";
	case BW_ECORPUS: return "corpus is inconsistent";
	case BW_ENOTFOUND: return "not found";
	case BW_EQUERY: return "malformed query";
	case BW_EUTF8: return "invalid UTF-8";
	case BW_ITEROVER: return "no more items";
	default: return "unknown error";
	}
}

static void copy_trunc(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

bw_status bwi_error_vset(bw_error *err, bw_status code, const char *file,
                         unsigned long line, unsigned long column,
                         const char *fmt, va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	err->line = line;
	err->column = column;
	copy_trunc(err->file, sizeof(err->file), file);
	if (fmt)
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
	else
		copy_trunc(err->message, sizeof(err->message), bw_strerror(code));
	return code;
}

bw_status bwi_error_set(bw_error *err, bw_status code, const char *file,
                        unsigned long line, unsigned long column,
                        const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bwi_error_vset(err, code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

bw_status bwi_error_code(bw_error *err, bw_status code)
{
	return bwi_error_set(err, code, NULL, 0, 0, "%s", bw_strerror(code));
}
