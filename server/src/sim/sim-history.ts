// The session's answers as the editor shows them (bytes as hex, numbered),
// bounded so a long session cannot grow without limit. The code lenses and
// the results view read it.

import { toHex, type SimAnswer } from '../../../src/core/api/index';
import type { SimAnswerView } from '../../../src/protocol/sim';

const MAX_ANSWERS = 200;

export function answerView(answer: SimAnswer, seq: number, request: string, device?: string): SimAnswerView {
  return {
    seq,
    request,
    device,
    op: answer.op,
    rc: answer.rc,
    errno: answer.errno,
    kernelRc: answer.kernelRc,
    bytes: toHex(answer.bytes),
    fields: { ...answer.fields },
    decidedBy: answer.decidedBy,
    trace: [...answer.trace],
    warnings: [...answer.warnings],
  };
}

export class SimHistory {
  private answers: SimAnswerView[] = [];
  private seq = 0;

  add(answer: SimAnswer, request: string, device?: string): SimAnswerView {
    const view = answerView(answer, ++this.seq, request, device);
    this.answers.push(view);
    if (this.answers.length > MAX_ANSWERS) this.answers.shift();
    return view;
  }

  all(): SimAnswerView[] {
    return [...this.answers];
  }

  /** The newest VFIO_DEVICE_FEATURE answer (what the code lenses show). */
  lastIoctl(): SimAnswerView | undefined {
    for (let i = this.answers.length - 1; i >= 0; i--)
      if (this.answers[i].op === 'ioctl') return this.answers[i];
    return undefined;
  }

  clear(): void {
    this.answers = [];
  }
}
