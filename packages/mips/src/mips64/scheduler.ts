/**
 * Thread scheduling of cannon64 (spec "Thread Traversal Mechanics"): threads live on two stacks;
 * the active thread is the top of the right stack when `traverseRight`, else of the left.
 * Preempting moves the active thread to the top of the other stack, and when the active stack
 * runs empty the direction flips — so threads 0..3 run 0,1,2,3,3,2,1,0,0,1,… Each operation
 * resets `stepsSinceLastContextSwitch`. "Empty" compares the stack's commitment with the empty
 * root, as MIPS64.sol does, so the same code serves the verifier's partly known stacks.
 */
import type { Mips64State } from './state.js';
import type { Thread64 } from './thread.js';

/** Moves the active thread `t` from the active stack to the other one. */
export function preemptThread(s: Mips64State, t: Thread64): void {
  const from = s.traverseRight ? s.right : s.left;
  const to = s.traverseRight ? s.left : s.right;
  if (from.pop() !== t) throw new Error('preemptThread: the thread is not the active one');
  to.push(t);
  if (s.stackEmpty(s.traverseRight)) s.traverseRight = !s.traverseRight;
  s.stepsSinceLastContextSwitch = 0;
}

/** Pushes a new thread onto the active stack; it becomes the active thread (clone). */
export function pushThread(s: Mips64State, t: Thread64): void {
  s.activeStack.push(t);
  s.stepsSinceLastContextSwitch = 0;
}

/** Removes the active (exited) thread. */
export function popThread(s: Mips64State): void {
  s.activeStack.pop();
  if (s.stackEmpty(s.traverseRight)) s.traverseRight = !s.traverseRight;
  s.stepsSinceLastContextSwitch = 0;
}

/** Whether the active thread is the only one (exit of the last thread ends the program). */
export function lastThreadRemaining(s: Mips64State): boolean {
  return s.activeStack.length === 1 && s.baseEmpty(s.traverseRight) && s.stackEmpty(!s.traverseRight);
}
