/*
 * stop.c: English stop words, the function words too common to tell
 * entries apart.  The list is Snowball's English list as the tokenizer
 * spells it (apostrophes dropped: "dont", "youre"), less the spatial words
 * bodywork text depends on ("up", "down", "over", "under", "above",
 * "below", "off", "out", "in", "on", "against", "between", "through").
 * Stop words are not indexed, but they keep their positions, so the
 * phrase "fight or flight" still needs its two words two apart.  Lookup is
 * a binary search of the sorted table.
 */
#include <string.h>

#include "text.h"

static const char *const stop_words[] = {
	"a", "about", "after", "again", "all", "am", "an", "and", "any", "are",
	"arent", "as", "at", "be", "because", "been", "before", "being", "both",
	"but", "by", "cannot", "cant", "could", "couldnt", "did", "didnt", "do",
	"does", "doesnt", "doing", "dont", "during", "each", "few", "for", "from",
	"further", "had", "hadnt", "has", "hasnt", "have", "havent", "having",
	"he", "her", "here", "heres", "hers", "herself", "hes", "him", "himself",
	"his", "how", "hows", "i", "if", "im", "into", "is", "isnt", "it", "its",
	"itself", "ive", "lets", "me", "more", "most", "mustnt", "my", "myself",
	"no", "nor", "not", "of", "once", "only", "or", "other", "ought", "our",
	"ours", "ourselves", "own", "same", "shant", "she", "shes", "should",
	"shouldnt", "so", "some", "such", "than", "that", "thats", "the", "their",
	"theirs", "them", "themselves", "then", "there", "theres", "these",
	"they", "theyd", "theyll", "theyre", "theyve", "this", "those", "to",
	"too", "until", "very", "was", "wasnt", "we", "were", "werent", "weve",
	"what", "whats", "when", "whens", "where", "wheres", "which", "while",
	"who", "whom", "whos", "why", "whys", "with", "wont", "would", "wouldnt",
	"you", "youd", "youll", "your", "youre", "yours", "yourself",
	"yourselves", "youve",
};

int bwi_is_stop_word(const char *w, size_t n)
{
	size_t lo = 0, hi = sizeof(stop_words) / sizeof(stop_words[0]);
	if (n == 0 || n > 10)
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *s = stop_words[mid];
		int c = strncmp(s, w, n);
		if (c == 0 && s[n] != '\0')
			c = 1; /* s is longer: it sorts after w */
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
