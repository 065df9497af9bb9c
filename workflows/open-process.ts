import type { Deadline } from '../domain/case/state';
import { createProcess, type Process, type ProcessSpec, type ProcessStart } from './process-runner';
import { createSequencedProcess } from './sequenced-process';

/** The process runner a run was decided for in its first activation: in sequence, or the lanes of the runs before it. */
export function openProcess<S extends { version: number; deadlines: Deadline[] }, E>(spec: ProcessSpec<S, E>, start: ProcessStart<S, E>): Process<S, E> {
  return start.stepsInSequence ? createSequencedProcess(spec, start) : createProcess(spec, start);
}
