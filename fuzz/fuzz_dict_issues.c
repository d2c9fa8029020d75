/* fuzz_dict_issues.c - libFuzzer harness for the PETRARCH issues dictionary reader
 * (fuzz_dict_reader.h). */
#include "fuzz_dict_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_dict_reader(data, size, pl_dict_read_issues);
}
