"""Write README.md from nbs/index.ipynb, or `--check` that they agree.

nbdev_readme needs quarto, which the build machines cannot install; this renders the same content
(markdown cells as they are, visible code cells as python blocks, hidden and directive-only cells left out)."""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def render(nb_path=root/'nbs'/'index.ipynb') -> str:
    parts = []
    for cell in json.loads(nb_path.read_text(encoding='utf-8'))['cells']:
        src = ''.join(cell['source']).strip()
        lines = src.splitlines()
        directives = [l for l in lines if l.startswith('#|')]
        if any(d.split()[1:2] in (['hide'], ['default_exp']) for d in directives): continue
        body = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
        if not body: continue
        if cell['cell_type'] == 'markdown':  # links and pictures are relative to nbs/, the README sits one level up
            body = body.replace('](images/', '](nbs/images/').replace('.ipynb)', '.ipynb)').replace('](0', '](nbs/0').replace('](9', '](nbs/9').replace('](1', '](nbs/1').replace('](tutorials/', '](nbs/tutorials/')
        parts.append(body if cell['cell_type'] == 'markdown' else f'```python\n{body}\n```')
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    readme, want = root/'README.md', render()
    if '--check' in sys.argv:
        if readme.read_text(encoding='utf-8') != want:
            sys.exit('README.md differs from nbs/index.ipynb: run `python .ci/readme.py` and commit both')
        print('README.md matches nbs/index.ipynb')
    else:
        readme.write_text(want, encoding='utf-8'); print('wrote', readme)
