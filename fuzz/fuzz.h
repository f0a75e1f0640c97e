/* fuzz.h: the libFuzzer entry point every target defines; the standalone
 * driver (standalone.c) calls it on saved inputs so CTest can replay each
 * seed corpus under any compiler. */
#ifndef BW_FUZZ_H
#define BW_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
