/*
 * version.c: the version of the library actually linked, so a program can
 * compare it with the BW_VERSION_* macros it was compiled against.
 */
#include "bodywork.h"

#define BW_STR2(x) #x
#define BW_STR(x) BW_STR2(x)

const char *bw_version(void)
{
	return BW_STR(BW_VERSION_MAJOR) "." BW_STR(BW_VERSION_MINOR) "."
	       BW_STR(BW_VERSION_PATCH);
}

int bw_version_number(void)
{
	return BW_VERSION_NUMBER;
}
