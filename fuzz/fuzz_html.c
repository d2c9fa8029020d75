/* fuzz_html.c - libFuzzer harness for the HTML reader (src/text): bytes in
 * through fmemopen, every document read, checked and freed (fuzz_reader.h). */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader(data, size, PARLEY_INPUT_HTML);
}
