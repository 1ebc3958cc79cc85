"""Prints the keys of a tuning database's entries in file order, one a line."""
import json
import sys

for e in json.load(open(sys.argv[1]))["entries"]:
    print(e["signature"], e["target"], e["device"], e["threads"], e["compiler"], sep=" | ")
