#!/usr/bin/env bash
# The package people install. Build the wheel; check that it pins no torch/torchvision/fastai; check with pip's
# resolver that installing it into Colab's and Kaggle's images, and beside the newest fastai/fastcore, changes no
# version those pin (.ci/constraints-*.txt, each for its image's Python); and on Python 3.10 (min_python) and 3.13
# (Colab's), install it into a clean virtualenv with nothing else and run every command's --help and colorize_demo
# (small). Run from the repository root. It needs no virtualenv of the project's (any Python 3 with pip runs it), so
# .ci/run starts it beside the README's install.
#   WHEEL_PYTHONS="3.10 3.13" (default) chooses the other Pythons; an empty value skips them; PYTHON (python3) runs
#   the build and this script's own helpers.
set -euo pipefail
t_start=$(date +%s)
PYTHON=${PYTHON:-python3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Built from a copy of the files git tracks or would (the working tree, without build/ or *.egg-info of earlier
# builds, which setuptools would pack, nor files deleted but not yet committed; and apart from an install of the
# tree running at the same time)
mkdir "$tmp/src" && git ls-files -z -c -o --exclude-standard | tar -c --null --ignore-failed-read -T - -f - 2>/dev/null | tar -x -C "$tmp/src" -f -
(cd "$tmp/src" && "$PYTHON" -m pip wheel -q --no-deps -w "$tmp/dist" .) > "$tmp/build.log" 2>&1 || { tail -30 "$tmp/build.log"; exit 1; }
wheel=$(ls "$tmp"/dist/*.whl); echo "built $(basename "$wheel")"
pins=$(unzip -p "$wheel" '*.dist-info/METADATA' | grep -iE '^Requires-Dist: (torch|torchvision|fastai)[ <>=!~;]' | grep -v 'extra ==' || true)
echo "$pins" | sed 's/^/  /'
if echo "$pins" | grep -q '=='; then echo "FAILED: the wheel pins torch, torchvision or fastai exactly"; exit 1; fi
[ "$(echo "$pins" | grep -c .)" -eq 3 ] || { echo "FAILED: expected torch, torchvision and fastai in Requires-Dist"; exit 1; }

interpreter() {  # a python X.Y: pyenv's (this kind of machine), or one on PATH (GitHub's setup-python)
  ls -d ~/.pyenv/versions/"$1".*/bin/python 2>/dev/null | sort -V | tail -1 | grep . || command -v "python$1" || { echo "FAILED: no Python $1 here" >&2; return 1; }
}

resolves() {  # $1: a constraints file. Resolve only (package metadata, no torch download), with its image's Python
  local c=$1 py report="$tmp/report_$(basename "$1" .txt).json"
  py=$(interpreter "$(sed -n 's/^# python: //p' "$c")") || return 1
  "$py" -m pip install --dry-run --ignore-installed -q --report "$report" -c "$c" "$wheel" > "$report.log" 2>&1 \
    || { grep -v "^WARNING: Location" "$report.log" | grep -v '^ *Downloading\|━' | tail -20
         echo "FAILED: installing the wheel under $c would change what it pins"; return 1; }
  "$PYTHON" - "$report" "$c" "$("$py" -V)" <<'PY'
import json, re, sys
got = {re.sub('[-_.]+', '-', i['metadata']['name'].lower()): i['metadata']['version'] for i in json.load(open(sys.argv[1]))['install']}
want = dict(l.strip().split('==') for l in open(sys.argv[2]) if '==' in l and not l.startswith('#'))
want = {re.sub('[-_.]+', '-', k.lower()): v for k, v in want.items()}
bad = {k: (v, got[k]) for k, v in want.items() if k in got and got[k].split('+')[0] != v}
key = [k for k in ('torch', 'fastai', 'fastcore', 'fastprogress', 'ipywidgets') if k in got]
new = sorted(k for k in got if k not in want and k != 'colorize-nbdev' and not k.startswith(('nvidia-', 'cuda-')) and k != 'triton')
print(f"  {sys.argv[2]} ({sys.argv[3]}): no pinned version changes; " + ', '.join(f'{k} {got[k]}' for k in key)
      + f"; {len(new)} packages it does not pin: {', '.join(new[:10])}{', ...' if len(new) > 10 else ''}")
sys.exit(f"FAILED: versions differ from the constraints: {bad}" if bad else 0)
PY
}

smoke() {  # $1: a virtualenv with the wheel installed, $2: a folder to work in. Every command answers --help;
           # colorize_demo runs (small; one thread, as the two Pythons run side by side on 2 cores)
  (cd "$2" && for cmd in colorize colorize_train colorize_demo colorize_eval colorize_export; do
     "$1/bin/$cmd" --help > /dev/null || { echo "FAILED: $cmd --help"; exit 1; }
   done
   OMP_NUM_THREADS=1 "$1/bin/colorize_demo" --out "$2/demo" --size 32 --pre_epochs 1 --gan_epochs 1 --device cpu \
     > "$2/demo.log" 2>&1 || { tail -30 "$2/demo.log"; exit 1; }
   test -f "$2/demo/model/model.safetensors" && ls "$2/demo/before_after" | grep -q png
   "$1/bin/python" -c "import colorize_nbdev, sys; assert 'site-packages' in colorize_nbdev.__file__, colorize_nbdev.__file__; print('  installed wheel', colorize_nbdev.__version__, 'on Python', sys.version.split()[0], 'answers --help (5 commands) and runs colorize_demo')")
}

installs() {  # $1: a Python version X.Y. A clean virtualenv with the wheel and what pip chooses for it, nothing else,
              # then the smoke test. pip decides what goes in (a dry run, as `pip install colorize_nbdev` would
              # resolve); uv, where there is one, lays exactly those files down (their URLs from pip's report):
              # for one Python alone 21 s instead of pip's 151 s for the 6 GB of torch, its CUDA libraries and the rest
  local v=$1 py t0 how=pip; py=$(interpreter "$v") || return 1; t0=$(date +%s)
  "$py" -m venv "$tmp/venv$v" && mkdir -p "$tmp/work$v"
  "$tmp/venv$v/bin/pip" install -q --upgrade pip > /dev/null 2>&1 || true
  if [ -n "$uv" ] && "$tmp/venv$v/bin/pip" install --dry-run -q --report "$tmp/plan$v.json" "$wheel" > "$tmp/plan$v.log" 2>&1 \
     && "$PYTHON" -c "import json, sys; print('\n'.join(f\"{i['metadata']['name']} @ {i['download_info']['url']}\" for i in json.load(open(sys.argv[1]))['install'] if i['metadata']['name'] != 'colorize-nbdev'))" "$tmp/plan$v.json" > "$tmp/files$v.txt" \
     && "$uv" pip install -q -p "$tmp/venv$v/bin/python" --no-deps -r "$tmp/files$v.txt" "$wheel" > "$tmp/uv$v.log" 2>&1; then how="pip's choice, uv's install"
  else
    [ -z "$uv" ] || { tail -5 "$tmp/plan$v.log" "$tmp/uv$v.log" 2>/dev/null; echo "  (uv could not install pip's choice: pip installs it)"; }
    "$tmp/venv$v/bin/pip" install -q "$wheel" 2>&1 | grep -v "^WARNING: Location" || true
  fi
  echo "  Python $v: installed in $(( $(date +%s) - t0 )) s ($how), $(du -sh "$tmp/venv$v" | cut -f1) in the virtualenv"
  smoke "$tmp/venv$v" "$tmp/work$v" || { echo "FAILED: the wheel on Python $v"; return 1; }
  rm -rf "$tmp/venv$v" "$tmp/work$v"
}

side_by_side() {  # run "$1 ARG" for each further ARG at once (each job mostly waits on pip or runs one core), then
                  # print their outputs in order; fail if any failed
  local f=$1 ok=0 i; shift; local pids=()
  for i in "$@"; do "$f" "$i" > "$tmp/$f.$(basename "$i").log" 2>&1 & pids+=($!); done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || ok=1; done
  for i in "$@"; do cat "$tmp/$f.$(basename "$i").log"; done
  return $ok
}

# The resolutions (mostly waiting on the package index) run while the two Pythons install and run the wheel
side_by_side resolves .ci/constraints-*.txt > "$tmp/resolved.log" 2>&1 & resolving=$!
# uv in a virtualenv of its own (a tool of this check, not a dependency); none where it cannot be installed
# (its cache, where the two installs share the CUDA libraries, is this check's: on the virtualenvs' disk, removed after)
uv=""; { "$PYTHON" -m venv "$tmp/uv" && "$tmp/uv/bin/pip" install -q uv > /dev/null 2>&1 && uv="$tmp/uv/bin/uv"; } || true
export UV_CACHE_DIR="$tmp/uv-cache"
# On 3.10 (min_python) and 3.13 (Colab's): torch for them is a download from the package index (about 4 GB with its
# CUDA libraries, both at once); the dev virtualenv's Python 3.11 is covered by every other check.
installed=0
[ -z "${WHEEL_PYTHONS-3.10 3.13}" ] || side_by_side installs ${WHEEL_PYTHONS-3.10 3.13} > "$tmp/installed.log" 2>&1 || installed=1
resolved=0; wait $resolving || resolved=1
cat "$tmp/resolved.log" "$tmp/installed.log" 2>/dev/null
echo "  wheel check: $(( $(date +%s) - t_start )) s"
[ "$resolved" -eq 0 ] && [ "$installed" -eq 0 ]
