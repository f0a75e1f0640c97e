/* allowed here, and pulled upward */
#include <libxml/tree.h>
