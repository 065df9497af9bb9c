import type { Pages } from '../router';

export function reportPages(_pages: Pages): void {}
