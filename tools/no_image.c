/*
 * no_image.c: what bw_compile_bundled links in place of the compiled
 * bundled corpus it is about to make: no image, so every bundled open it
 * does reads the XML.
 */
#include <stddef.h>

const unsigned char *const bwi_bundled_image = NULL;
const size_t bwi_bundled_image_size = 0;
