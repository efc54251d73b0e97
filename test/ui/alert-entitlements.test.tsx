import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertDetailsView } from '../../src/ui/alert-details.js';
import { plain } from './ink-helpers.js';
import { alert, details } from './snapshot-builders.js';

afterEach(() => cleanup());

describe("the alert detail's passenger rights", () => {
  it('shows the totals and what each passenger is owed', () => {
    const d = details(alert(), 2);
    d.passengers[0]!.owed = 'alternate or refund ₹5,999, compensation ₹5,999';
    d.entitlements = { compensation_inr: 11998, meals: 0, hotels: 0, refunds: 2 };
    const { lastFrame } = render(<AlertDetailsView details={d} scroll={0} rows={20} width={140} />);
    const frame = plain(lastFrame());
    expect(frame).toContain('Owed: ₹11,998 compensation · meals 0 · hotels 0 · refunds 2');
    expect(frame).toContain('OWED');
    expect(frame).toContain('compensation ₹5,999');
  });

  it('shows no rights line when none were computed', () => {
    const { lastFrame } = render(<AlertDetailsView details={details(alert(), 1)} scroll={0} rows={20} width={120} />);
    expect(plain(lastFrame())).not.toContain('Owed:');
  });
});
