// headertest.cpp: the public header compiles as C++ and its functions link
// with C linkage.
#include <bodywork.h>

int main()
{
	bw_db *db = nullptr;
	bw_error err;
	bw_status st = bw_db_open(&db, nullptr, 0, &err);
	return st == BW_EINVAL && db == nullptr ? 0 : 1;
}
