#!/usr/bin/env bash
# Regenerates the pipeline harness's seed corpus (test/fuzz/corpus/pipeline/)
# from the lit tests: every test/**/*.mlir split on "// -----" (as
# -split-input-file does), without its comment lines (RUN, CHECK,
# expected-error, ...), plus the examples' layers. With --npy it also
# regenerates the .npy seeds (test/fuzz/corpus/npy/) with numpy.
#
#   test/fuzz/make-corpus.sh [--npy]
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-/usr/bin/python3}

out=test/fuzz/corpus/pipeline
rm -rf "$out"
mkdir -p "$out"
"$PYTHON" - "$out" <<'PY'
import hashlib, os, re, sys, glob
out = sys.argv[1]
files = sorted(glob.glob('test/**/*.mlir', recursive=True)) + \
        sorted(glob.glob('examples/**/*.mlir', recursive=True))
seen = set()
count = 0
for path in files:
    if path.startswith('test/fuzz/'):
        continue
    text = open(path, encoding='utf-8', errors='replace').read()
    chunks = re.split(r'^// -----.*$', text, flags=re.M)
    stem = path.replace('/', '_').removesuffix('.mlir')
    for i, chunk in enumerate(chunks):
        lines = [l for l in chunk.splitlines() if not l.lstrip().startswith('//')]
        body = '\n'.join(lines).strip('\n')
        if not body.strip():
            continue
        body += '\n'
        digest = hashlib.sha1(body.encode()).hexdigest()
        if digest in seen or len(body) > 4096:
            continue
        seen.add(digest)
        name = f'{stem}-{i}.mlir' if len(chunks) > 1 else f'{stem}.mlir'
        open(os.path.join(out, name), 'w').write(body)
        count += 1
print(f'make-corpus: {count} pipeline seeds in {out}/')
PY

if [ "${1:-}" = "--npy" ]; then
  out=test/fuzz/corpus/npy
  rm -rf "$out"
  mkdir -p "$out"
  "$PYTHON" - "$out" <<'PY'
import io, os, sys
import numpy as np
out = sys.argv[1]
def save(name, a, version=None):
    buf = io.BytesIO()
    if version is None:
        np.save(buf, a)
    else:
        np.lib.format.write_array(buf, a, version=version)
    data = buf.getvalue()
    open(os.path.join(out, name), 'wb').write(data)
    return data
save('f4-2x3.npy', np.arange(6, dtype='<f4').reshape(2, 3))
save('f2-4.npy', np.array([1, -2, 0.5, np.inf], dtype='<f2'))
save('f8-2x2.npy', np.array([[1.5, -0.0], [np.nan, 1e300]], dtype='<f8'))
save('i4-3.npy', np.array([1, -7, 2**31 - 1], dtype='<i4'))
save('i8-2x1x2.npy', np.arange(4, dtype='<i8').reshape(2, 1, 2))
save('f4-scalar.npy', np.float32(3.25))
save('f4-empty-0x3.npy', np.zeros((0, 3), dtype='<f4'))
save('i4-fortran-2x3x2.npy',
     np.asfortranarray(np.arange(12, dtype='<i4').reshape(2, 3, 2)))
save('f4-v2-2.npy', np.array([1, 2], dtype='<f4'), version=(2, 0))
save('f8-v3-3.npy', np.array([1, 2, 3], dtype='<f8'), version=(3, 0))
data = save('f4-truncated.npy', np.arange(8, dtype='<f4'))
open(os.path.join(out, 'f4-truncated.npy'), 'wb').write(data[:-5])
save('f4-bigendian.npy', np.arange(2, dtype='>f4'))
print(f'make-corpus: {len(os.listdir(out))} npy seeds in {out}/')
PY
fi
