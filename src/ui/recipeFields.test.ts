// The page's one-line explanations come from the recipe schema's help: every align choice gets its own.
import { describe, expect, it } from 'vitest';
import { ALIGN_CHOICES } from '../pipeline/recipe/schema.ts';
import { choiceHelp } from './recipeFields.ts';

describe('choiceHelp', () => {
  it('gives each align method its own line from the schema help', () => {
    const help = choiceHelp('align', 'method', ALIGN_CHOICES);
    expect(Object.keys(help)).toEqual([...ALIGN_CHOICES]);
    expect(help.xcorr).toMatch(/cross-correlation/);
    expect(help.none).toMatch(/aligned already/);
    const lines = Object.values(help);
    expect(new Set(lines).size).toBe(lines.length);
    for (const line of lines) expect(line).not.toMatch(/;/);
  });
});
