/* the bottom layer reaching up */
#include "../api/db.h"
