"""Writes a tuning database from a template: @COMPILER@ becomes this
compiler's version (argument 3), @SIG<n>@ line n of the signature file
(argument 2, from `deform-tune --print-signatures`), JSON-escaped. The
signatures are the compiler's own, so the templates only say which op an
entry is for."""
import json
import sys

template, signatures, version = sys.argv[1:4]
text = open(template).read().replace("@COMPILER@", json.dumps(version)[1:-1])
for i, line in enumerate(open(signatures).read().splitlines()):
    text = text.replace("@SIG%d@" % i, json.dumps(line)[1:-1])
sys.stdout.write(text)
