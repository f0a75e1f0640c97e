/*
 * options.c: the defaults of the options structs.  A struct of zeros means
 * the same defaults; the search stage reads zeros that way (query/parse.c,
 * bwi_options), so the two can never disagree.
 */
#include "bodywork.h"

void bw_search_options_init(bw_search_options *opts)
{
	static const bw_search_options defaults = BW_SEARCH_OPTIONS_INIT;
	if (opts)
		*opts = defaults;
}
