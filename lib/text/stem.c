/*
 * stem.c: English stemming with Snowball (libstemmer's "english", the
 * Porter2 algorithm), so "stretches", "stretching" and "stretched" all stem
 * to "stretch".  A libstemmer stemmer keeps its working buffer inside it
 * and is not thread-safe, so the library holds no shared one: each index
 * build and each query that needs one makes its own.  Words with a digit in
 * them ("l4", "t12") are left as they are.
 */
#include <string.h>
#include <libstemmer.h>

#include "text.h"

bw_status bwi_stemmer_new(bwi_stemmer **out)
{
	*out = (bwi_stemmer *)sb_stemmer_new("english", NULL);
	return *out ? BW_OK : BW_ENOMEM;
}

void bwi_stemmer_free(bwi_stemmer *s)
{
	sb_stemmer_delete((struct sb_stemmer *)s);
}

size_t bwi_stem(bwi_stemmer *s, const char *w, size_t n, char *out,
                size_t cap)
{
	const sb_symbol *r;
	int len;
	size_t i;
	for (i = 0; i < n && !(w[i] >= '0' && w[i] <= '9'); i++)
		;
	if (i < n) {
		r = (const sb_symbol *)w;
		len = (int)n;
	} else {
		r = sb_stemmer_stem((struct sb_stemmer *)s,
		                    (const sb_symbol *)w, (int)n);
		if (!r)
			return (size_t)-1;
		len = sb_stemmer_length((struct sb_stemmer *)s);
	}
	if (len < 0 || (size_t)len >= cap)
		return (size_t)-1;
	memmove(out, r, (size_t)len);
	out[len] = '\0';
	return (size_t)len;
}
