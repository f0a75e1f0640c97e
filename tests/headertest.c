/* headertest.c: the public header compiles alone as strict C99 (-std=c99
 * -pedantic -Werror) and uses every macro it defines. */
#include <bodywork.h>

#if !BW_VERSION_CHECK(0, 0, 1) || BW_VERSION_NUMBER < BW_VERSION_CHECK(0, 1, 0)
#error "version macros are wrong"
#endif

int bw_headertest_c(void);
int bw_headertest_c(void)
{
	bw_error err;
	bw_db *db = NULL;
	err.code = BW_OK;
	return (int)sizeof(err) + (db == NULL) + BW_KIND_COUNT + BW_FIELD_COUNT;
}
