// Every CLI command registers itself on the program; add one import and one entry per command.
import type { Command } from 'commander';
import { registerExec } from './exec.js';
import { registerFix } from './fix.js';
import { registerLogs } from './logs.js';
import { registerReward } from './reward.js';
import { registerSanitizer } from './sanitizer.js';
import { registerScan } from './scan.js';
import { registerServe } from './serve.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerScan, registerFix, registerServe, registerLogs, registerSanitizer, registerExec, registerReward];
