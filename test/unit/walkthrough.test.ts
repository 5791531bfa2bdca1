// Issue #11, item 8: a first-run walkthrough (see the costs, set real volumes, compare, move to the registry).
// Later features add their own steps (docs/walkthrough.md): this test holds every step, theirs too, to the rules —
// media that exist and ship, alt text, buttons and completion events that name real commands and views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

const ROOT = path.join(__dirname, '..', '..');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { svg?: string; image?: string | Record<string, string>; markdown?: string; altText?: string };
  completionEvents?: string[];
  when?: string;
}
interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    walkthroughs?: Array<{ id: string; title: string; description: string; steps: Step[] }>;
  };
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const commands = new Set(manifest.contributes.commands.map((c) => c.command));
const views = new Set(Object.values(manifest.contributes.views).flatMap((v) => v.map((x) => x.id)));
// VS Code makes "<view id>.focus" for every view.
const known = (command: string): boolean => commands.has(command) || (command.endsWith('.focus') && views.has(command.slice(0, -'.focus'.length)));
const shipped = (file: string): boolean => {
  const ignored = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return !ignored.some((g) => picomatch(g, { dot: true })(file));
};

test('the first-run walkthrough: see the costs, set real volumes, compare, move to the registry', () => {
  const walk = manifest.contributes.walkthroughs?.find((w) => w.id === 'firstRun');
  assert.ok(walk, 'package.json contributes no "firstRun" walkthrough');
  assert.ok(walk.title && walk.description);
  const ids = walk.steps.map((s) => s.id);
  // The first run's order; later features insert theirs between these (docs/walkthrough.md).
  const core = ['seeCosts', 'setVolumes', 'compare', 'moveToRegistry'];
  assert.deepEqual(ids.filter((id) => core.includes(id)), core);
  assert.equal(new Set(ids).size, ids.length, 'step ids are unique');
});

test('every walkthrough step: media that exist and ship, alt text, real commands and views', () => {
  for (const walk of manifest.contributes.walkthroughs ?? []) {
    for (const step of walk.steps) {
      const where = `${walk.id}/${step.id}`;
      assert.ok(step.title && step.description, `${where}: title and description`);
      const files = [step.media.svg, step.media.markdown, ...(typeof step.media.image === 'string' ? [step.media.image] : Object.values(step.media.image ?? {}))].filter((f): f is string => !!f);
      assert.equal(files.length > 0, true, `${where}: no media`);
      for (const f of files) {
        assert.ok(existsSync(path.join(ROOT, f)), `${where}: ${f} does not exist`);
        assert.ok(f.startsWith('media/walkthrough/'), `${where}: ${f} is not in media/walkthrough/`);
        assert.ok(shipped(f), `${where}: .vscodeignore leaves ${f} out of the .vsix`);
        const text = readFileSync(path.join(ROOT, f), 'utf8');
        // Nothing from the network (the walkthrough renders offline, under VS Code's CSP).
        assert.doesNotMatch(text, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, `${where}: ${f} refers to the network`);
        if (f.endsWith('.svg')) {
          assert.doesNotMatch(text, /<script|\son\w+=/i, `${where}: ${f} has script`);
          assert.match(text, /<title[^>]*>[^<]+<\/title>/, `${where}: ${f} has no <title>`);
          // VS Code draws the SVG in a webview whose CSP allows only its own <style>: one in the SVG is dropped (and
          // every shape turns black). Colours go in attributes, as theme colours, so the picture reads in light, dark
          // and high-contrast themes.
          assert.doesNotMatch(text, /<style|\sstyle=/i, `${where}: ${f} styles with CSS, which the walkthrough's CSP blocks`);
          const colours = [...text.matchAll(/\s(?:fill|stroke)="([^"]*)"/g)].map((m) => m[1].trim());
          assert.ok(colours.length > 0, `${where}: ${f} sets no colour`);
          for (const c of colours) assert.ok(c === 'none' || c.startsWith('var(--vscode-'), `${where}: ${f} uses the fixed colour ${c}`);
        }
      }
      if (step.media.svg || step.media.image) assert.ok(step.media.altText && step.media.altText.length > 20, `${where}: an image needs alt text`);
      for (const m of step.description.matchAll(/\(command:([\w.-]+)(?:\?[^)]*)?\)/g)) assert.ok(known(m[1]), `${where}: button runs ${m[1]}, which no one contributes`);
      for (const e of step.completionEvents ?? []) {
        const [kind, target] = [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)];
        if (kind === 'onCommand') assert.ok(known(target), `${where}: completion event on unknown command ${target}`);
        else if (kind === 'onView') assert.ok(views.has(target), `${where}: completion event on unknown view ${target}`);
        else assert.ok(['onSettingChanged', 'onContext', 'onLink', 'onEvent', 'onStepSelected', 'extensionInstalled'].includes(kind), `${where}: unknown completion event ${e}`);
      }
    }
  }
});
