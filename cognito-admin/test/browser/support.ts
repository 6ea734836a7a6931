/**
 * What the browser tests share: Debian's Chromium (nothing downloads a browser), the page bundle built with
 * esbuild, and steps that leave a screenshot when they fail.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { Browser, chromium, Page } from 'playwright-core';
import { PACKAGE, REPO } from '../e2e/helpers';

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Throws, saying how to install it, when Chromium is missing: call it before any costly setup. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
}

/** Chromium, headless, with the given extra flags. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  requireChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** A page's script (`<dir>/main.ts`) bundled for the browser, as a front-end build would. */
export async function bundlePage(entry: string): Promise<string> {
  const built = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  });
  return built.outputFiles[0].text;
}

/**
 * A step runner for one page: a step that fails saves a screenshot `test/.tmp/<prefix>-<step>-<time>.png`
 * and rethrows with the step's name.
 */
export function stepsOn(
  page: () => Page,
  prefix: string,
): <T>(name: string, run: () => Promise<T>) => Promise<T> {
  return async (name, run) => {
    try {
      return await run();
    } catch (e) {
      const shot = path.join(PACKAGE, 'test', '.tmp', `${prefix}-${name}-${Date.now()}.png`);
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page()
        .screenshot({ path: shot, fullPage: true })
        .catch(() => undefined);
      throw new Error(
        `browser step "${name}" failed (screenshot ${path.relative(REPO, shot)}): ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  };
}
