#!/usr/bin/env bash
# The five commands as a user runs them, in the virtualenv whose bin/ is $1 (run by .ci/run on Colab's exact stack):
# colorize_demo (small), colorize on photos and on a clip, colorize_train --hints then colorize --hints, every
# command's --help against the contract (nbs/fixtures/help), and the widgets notebook's tests.
set -euo pipefail
bin=$1; repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
for cmd in colorize colorize_train colorize_demo colorize_eval colorize_export; do
  diff <(COLUMNS=120 "$bin/$cmd" --help 2>&1 | tr -s ' \n' ' ') <(tr -s ' \n' ' ' < "$repo/nbs/fixtures/help/$cmd.txt") > /dev/null \
    || { echo "FAILED: $cmd --help differs from nbs/fixtures/help/$cmd.txt"; exit 1; }
done
# Two lanes of one thread each (2 cores; each command spends much of its time importing): the demo beside the widgets'
# tests, then colourising beside the hint training. A lane's failure is reported with its log.
export OMP_NUM_THREADS=1
lane() {  # lane NAME COMMAND...: run it in the background, its output to NAME.lane
  local name=$1; shift
  ( "$@" ) > "$name.lane" 2>&1 &
  eval "pid_$name=$!"
}
joined() {  # joined NAME...: wait for the lanes, print the logs of those that failed; false if any did
  local ok=0 name pid
  for name in "$@"; do
    pid=pid_$name
    wait "${!pid}" || { echo "FAILED: $name:"; tail -20 "$name.lane"; ok=1; }
  done
  return $ok
}
demo() { "$bin/colorize_demo" --out demo --size 32 --pre_epochs 1 --gan_epochs 1 --device cpu > demo.log 2>&1 || { tail -20 demo.log; exit 1; }; }
widgets() { "$bin/python" -W ignore "$repo/.ci/test_notebooks.py" "$repo/nbs/09_widgets.ipynb" "$repo/nbs/09a_painter.ipynb" 2>&1 | tail -1; [ "${PIPESTATUS[0]}" -eq 0 ]; }
photos_and_clip() {
  "$bin/python" -c "from colorize_nbdev.clips import sample_clip; sample_clip('clip.mp4', frames=6, size=(64, 48), audio=True)"
  "$bin/colorize" demo/photos clip.mp4 --model demo/model/model.safetensors --out coloured > colorize.log 2> colorize.err || { cat colorize.err; exit 1; }
  [ ! -s colorize.err ] || { echo "FAILED: colorize wrote on stderr:"; cat colorize.err; exit 1; }
  [ "$(ls coloured/*.png | wc -l)" -eq 30 ] && [ -f coloured/clip.mp4 ] || { echo "FAILED: colorize did not write 30 photos and the clip"; exit 1; }
}
hints() {
  "$bin/colorize_train" --data demo/photos --size 32 --bs 4 --pre_epochs 1 --gan_epochs 0 --no-pretrained --hints --device cpu --num_workers 0 --out hints > train.log 2>&1 || { tail -20 train.log; exit 1; }
  echo '[{"x": 10, "y": 10, "color": "#ff0000"}]' > hints.json
  "$bin/colorize" demo/photos/$(ls demo/photos | head -1) --model hints/model.safetensors --out guided --hints hints.json > /dev/null
}
lane demo demo; lane widgets widgets
joined demo widgets || exit 1
cat widgets.lane
lane photos photos_and_clip; lane hints hints
joined photos hints || exit 1
"$bin/python" -c "import fastai, fastcore, fastprogress, ipywidgets; print(f'  commands and widgets work on fastai {fastai.__version__}, fastcore {fastcore.__version__}, fastprogress {fastprogress.__version__}, ipywidgets {ipywidgets.__version__}')"
