/* CZlib/shim.h — zlib (Debian's zlib1g-dev) as a Swift system-library module. */
#include <zlib.h>
