import type { LrSchedule } from './types';

/** The base learning rate at every step (the same as passing no schedule). */
export function constantLr(): LrSchedule {
  return ({ baseLearningRate }) => baseLearningRate;
}
