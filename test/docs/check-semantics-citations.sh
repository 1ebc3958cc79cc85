#!/usr/bin/env bash
# Checks that every citation of a section of docs/SEMANTICS.md in the sources
# names a section that exists: for each "SEMANTICS <n>[.<m>]",
# "SEMANTICS.md <n>[.<m>]", "SEMANTICS[.md] section <n>" and lists such as
# "SEMANTICS <a>/<b>" or "SEMANTICS <a>, <b>", docs/SEMANTICS.md must have a
# heading (outside code blocks) whose number is the cited one, e.g.
# "### 1.2 Boundary rules" or "## 1. Deformable convolution".
#
# Files scanned: the git checkout's tracked files plus untracked ones that are
# not ignored (so a new, uncommitted file is checked too); outside a git
# checkout, every file but .git and CMake build trees. Binary files, this
# script and docs/SEMANTICS.md itself are skipped.
#
# Prints FILE:LINE: cites SEMANTICS X, which docs/SEMANTICS.md does not have
# for each dangling citation and exits 1; also fails when it finds no
# citation at all (a scan that silently saw nothing); otherwise prints one
# summary line.
# Usage: check-semantics-citations.sh SOURCE_DIR
set -euo pipefail

if [[ $# -ne 1 || ! -d $1 ]]; then
  echo "usage: $0 SOURCE_DIR" >&2
  exit 2
fi
src=$(cd "$1" && pwd)
doc_rel=docs/SEMANTICS.md
self_rel=test/docs/check-semantics-citations.sh
doc="$src/$doc_rel"
name=check-semantics-citations

# Section numbers of the headings of docs/SEMANTICS.md.
declare -A have=()
if [[ -f $doc ]]; then
  while IFS= read -r n; do
    have[$n]=1
  done < <(awk '
    /^[ \t]*(```|~~~)/ { fence = !fence; next }
    fence { next }
    /^#+[ \t]+[0-9]+(\.[0-9]+)*\.?([ \t]|$)/ {
      s = $0
      sub(/^#+[ \t]+/, "", s)
      match(s, /^[0-9]+(\.[0-9]+)*/)
      print substr(s, 1, RLENGTH)
    }' "$doc")
else
  echo "$name: $doc_rel does not exist in $src" >&2
fi

# The files to scan, relative to $src, NUL-separated.
list_files() {
  local out
  if command -v git >/dev/null 2>&1 &&
     out=$(git -C "$src" rev-parse --is-inside-work-tree 2>/dev/null) &&
     [[ $out == true ]]; then
    git -C "$src" ls-files -z --cached --others --exclude-standard
    return
  fi
  local -a prune=(-name .git)
  local d
  while IFS= read -r -d '' d; do
    prune+=(-o -path "$d")
  done < <(find "$src" -name CMakeCache.txt -printf '%h\0' 2>/dev/null)
  (cd "$src" && find . \( "${prune[@]/#"$src"/.}" \) -prune -o -type f -printf '%P\0')
}

files=()
while IFS= read -r -d '' f; do
  [[ $f == "$doc_rel" || $f == "$self_rel" ]] && continue
  [[ -f $src/$f && ! -L $src/$f ]] && files+=("$f")
done < <(list_files)

num='[0-9]+(\.[0-9]+)*'
sep='(/|,[[:space:]]*|[[:space:]]+and[[:space:]]+)'
cite="SEMANTICS(\.md)?[[:space:]]+((sections?|§)[[:space:]]*)?$num($sep$num)*"

missing=0 citations=0
declare -A cited=() citing=()
while IFS= read -r hit; do
  # FILE:LINE:MATCH (grep -H -n -o).
  file=${hit%%:*}
  rest=${hit#*:}
  line=${rest%%:*}
  text=${rest#*:}
  [[ $text =~ ^SEMANTICS(\.md)?[[:space:]]+((sections?|§)[[:space:]]*)?(.*)$ ]] || continue
  list=${BASH_REMATCH[4]}
  while [[ $list =~ ^([0-9]+(\.[0-9]+)*)(/|,[[:space:]]*|[[:space:]]+and[[:space:]]+)?(.*)$ ]]; do
    sec=${BASH_REMATCH[1]}
    list=${BASH_REMATCH[4]}
    citations=$((citations + 1))
    cited[$sec]=1
    citing[$file]=1
    if [[ -z ${have[$sec]+x} ]]; then
      echo "$file:$line: cites SEMANTICS $sec, which $doc_rel does not have"
      missing=$((missing + 1))
    fi
    [[ -n $list ]] || break
  done
done < <(
  if ((${#files[@]})); then
    cd "$src" && printf '%s\0' "${files[@]}" |
      xargs -0 grep -I -H -n -o -E -- "$cite" || true
  fi
)

if ((missing)); then
  echo "$name: $missing of $citations citation(s) name a section $doc_rel does not have" >&2
  exit 1
fi
if ((citations == 0)); then
  echo "$name: no SEMANTICS citation found in $src (${#files[@]} files scanned)" >&2
  exit 1
fi
echo "$name: $citations citation(s) of ${#cited[@]} section(s) in ${#citing[@]} file(s), all headings of $doc_rel (${#have[@]} numbered)"
