// Runs the real `pasker` command (bin/pasker.js) as a child process.

import { spawn } from 'node:child_process';
import path from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runPasker(args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string; bin?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? 'bin/pasker.js', ...args], {
      cwd: options.cwd ?? process.cwd(),
      // DATA_DIR absolute: bin/pasker.js runs in the project folder whatever the cwd.
      env: { ...process.env, DATA_DIR: path.resolve('data/test-cache'), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
