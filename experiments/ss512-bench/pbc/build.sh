#!/bin/sh
# Builds PBC 0.5.14 (Lynn; https://crypto.stanford.edu/pbc/, source https://github.com/blynn/pbc, the commit
# tagged 'pbc-0.5.14') from a source tree with GMP, without its autotools (the file list of its own simple.make,
# the flags of its default configure: -O2 -pipe -ffast-math -std=gnu99), and links pbc-bench.c against it.
# Benchmark tooling only: no test depends on it.
#
# Usage: build.sh PBC_SOURCE_DIR OUT_DIR      (needs gcc and libgmp-dev)
# Then:  OUT_DIR/pbc-bench PBC_SOURCE_DIR/param/a.param     prints {op: ms}
set -eu
src=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out/obj"
cflags="-O2 -pipe -ffast-math -U__STRICT_ANSI__ -std=gnu99 -w -I$src/include -I$src"
objs=""
for f in arith/field arith/fp arith/montfp arith/naivefp arith/fastfp arith/fasterfp arith/multiz arith/z \
  arith/fieldquadratic arith/poly arith/ternary_extension_field arith/random arith/dlog arith/init_random \
  ecc/curve ecc/singular ecc/pairing ecc/param ecc/a_param ecc/d_param ecc/e_param ecc/f_param ecc/g_param \
  ecc/eta_T_3 ecc/hilbert ecc/mnt ecc/mpc misc/utils misc/darray misc/symtab misc/extend_printf misc/memory \
  misc/get_time; do
  o="$out/obj/$(echo "$f" | tr / _).o"
  gcc $cflags -c "$src/$f.c" -o "$o"
  objs="$objs $o"
done
ar rcs "$out/libpbc.a" $objs
gcc $cflags "$here/pbc-bench.c" "$out/libpbc.a" -lgmp -lm -o "$out/pbc-bench"
echo "$out/pbc-bench"
