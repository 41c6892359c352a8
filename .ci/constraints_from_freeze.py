"""Write a constraints file from a published pip freeze, restricted to the packages a colorize_nbdev install shares with it.

usage: python .ci/constraints_from_freeze.py FREEZE REPORT[,REPORT...] OUT HEADER [NAME==VERSION ...]

HEADER's first line should be `python: X.Y`, the image's Python, which .ci/wheel_check.sh resolves for.

FREEZE: an image's `pip freeze` (Colab publishes its images' in googlecolab/backend-info). REPORT: `pip install
--dry-run --report` of the wheel for the image's Python: the packages an install needs. Give the report made with
no constraints and the one made with the file this writes, until the file no longer changes: pinned versions can
bring other packages (ipywidgets 7.7.1 brings the classic Notebook's). The
pins kept are the freeze's pins of those packages, less torch's CUDA runtime (nvidia-*, cuda-*, triton): an
image's torch comes from PyTorch's own index with its own CUDA pins, and only torch's version concerns us (its local
label, +cu128, is dropped). Extra NAME==VERSION (or NAME<BOUND) arguments replace the freeze's line for NAME: the
pins an image adds on top of its base (Kaggle's fastcore<2, say). HEADER is written first, as comments."""
import json, re, sys

def name(req: str) -> str: return re.split(r'[<>=!~; ]', req, maxsplit=1)[0].strip().lower().replace('_', '-')

if __name__ == '__main__':
    freeze, report, out, header, *extra = sys.argv[1:]
    needed = {name(i['metadata']['name']) for r in report.split(',') for i in json.load(open(r))['install']}
    cuda = lambda n: n.startswith(('nvidia-', 'cuda-')) or n == 'triton'
    pins = {name(l): re.sub(r'\+[\w.]+$', '', l.strip()) for l in open(freeze) if '==' in l and not l.startswith('#')}
    pins |= {name(e): e for e in extra}
    lines = [pins[n] for n in sorted(pins) if n in needed and not cuda(n)]
    with open(out, 'w') as f: f.write(''.join(f'# {h}\n' for h in header.splitlines()) + '\n'.join(lines) + '\n')
    print(f"{out}: {len(lines)} pins")
