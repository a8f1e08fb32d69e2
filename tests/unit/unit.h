/* unit.h — what every cmocka unit test includes. */
#ifndef PACTE_UNIT_H
#define PACTE_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#endif
