/* below nothing forbidden, yet libxml2 comes along */
#include "../load/load.h"
