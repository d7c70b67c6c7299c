import type { ChangePreview, PreviewObject } from '@mlops-portal/plugin-mlops-common';

/** Text from the repository inside inline code: no backticks or line breaks can end it. */
function code(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[`\r\n\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
  return `\`${clean}\``;
}

function objectLine(o: PreviewObject): string {
  return `${o.kind} ${code(o.namespace ? `${o.namespace}/${o.name}` : o.name)} (${code(o.path)})`;
}

/**
 * The preview as Markdown for a pull request, a change branch and the
 * scaffolder task page. Every name and value from the repository is inline
 * code, so a manifest cannot inject links, HTML or headings.
 * @public
 */
export function renderChangePreviewMarkdown(preview: ChangePreview): string {
  const lines: string[] = ['### What this change does to the platform', ''];
  if (!preview.filesChanged.length) {
    lines.push('No file changes.');
  }
  const { added, changed, removed, affectedLayers, warnings } = preview;
  if (preview.filesChanged.length && !added.length && !changed.length && !removed.length) {
    lines.push('No Flux or Kubernetes object changes (only files without objects changed).', '');
  }
  if (added.length) {
    lines.push(`**Added (${added.length})**`, '');
    for (const o of added) lines.push(`- ${objectLine(o)}`);
    lines.push('');
  }
  if (changed.length) {
    lines.push(`**Changed (${changed.length})**`, '');
    for (const o of changed) {
      lines.push(`- ${objectLine(o)}`);
      for (const f of o.fields) {
        let what: string;
        if (f.op === 'added') what = f.to !== undefined ? `added: ${code(f.to)}` : 'added';
        else if (f.op === 'removed') what = f.from !== undefined ? `removed (was ${code(f.from)})` : 'removed';
        else if (f.from !== undefined && f.to !== undefined) what = `${code(f.from)} → ${code(f.to)}`;
        else what = 'changed';
        lines.push(`  - ${code(f.field)}: ${what}`);
      }
      if (o.moreFields) lines.push(`  - … and ${o.moreFields} more fields`);
    }
    lines.push('');
  }
  if (removed.length) {
    lines.push(`**Removed (${removed.length})**`, '');
    for (const o of removed) lines.push(`- ${objectLine(o)}`);
    lines.push('');
  }
  lines.push(`**Layers affected (${affectedLayers.length})**`, '');
  if (!affectedLayers.length) lines.push('- none (no Flux Kustomization path holds a changed file)');
  for (const l of affectedLayers) {
    const ref = code(`${l.namespace}/${l.name}`);
    if (l.reason === 'files') {
      lines.push(`- Kustomization ${ref}: path ${code(l.path)} holds ${l.via.length} changed file${l.via.length === 1 ? '' : 's'}`);
    } else if (l.reason === 'object') {
      lines.push(`- Kustomization ${ref}: its own manifest changes (${code(l.via[0] ?? '')})`);
    } else {
      lines.push(`- Kustomization ${ref}: depends on ${l.via.map(code).join(', ')}`);
    }
  }
  lines.push('');
  if (warnings.length) {
    lines.push(`**Warnings (${warnings.length})**`, '');
    for (const w of warnings) lines.push(`- ⚠️ ${code(w)}`);
    lines.push('');
  }
  lines.push(`Files: ${preview.filesChanged.map(code).join(', ') || 'none'}`);
  return `${lines.join('\n').trim()}\n`;
}
