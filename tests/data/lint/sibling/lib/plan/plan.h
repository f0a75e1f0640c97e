/* a sibling of query */
#include "../query/query.h"
