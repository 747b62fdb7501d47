/* care-fuzz.h: what every fuzzing harness defines (docs/fuzzing.md)
 *
 * Each harness is built twice: with -Dfuzzing=true as a libFuzzer binary,
 * and in the normal build linked with replay.c, which feeds it every file of
 * its kept corpus (tests/fuzz/corpus/HARNESS/) as one of the suite's tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
