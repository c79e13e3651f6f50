import { abortableSleep } from "../../src/abortable-sleep";

describe("abortableSleep", () => {
  test("resolves after the delay", async () => {
    // GIVEN
    const started = performance.now();
    // WHEN
    await abortableSleep(20);
    // THEN: timers may fire up to a millisecond early on some platforms
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
  });

  test("rejects with the abort reason as soon as the signal aborts", async () => {
    // GIVEN
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error("stop")), 10);
    // WHEN / THEN
    await expect(abortableSleep(5000, controller.signal)).rejects.toThrow("stop");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("rejects at once with the reason of a signal that is already aborted", async () => {
    // GIVEN
    const reason = new Error("aborted before");
    // WHEN
    const sleeping = abortableSleep(5000, AbortSignal.abort(reason));
    // THEN
    await expect(sleeping).rejects.toBe(reason);
  });

  test("a finished sleep leaves no abort listener behind", async () => {
    // GIVEN
    const controller = new AbortController();
    const removed = jest.spyOn(controller.signal, "removeEventListener");
    // WHEN
    await abortableSleep(1, controller.signal);
    controller.abort(new Error("late"));
    // THEN: the late abort reaches nothing, and the listener added for the sleep was removed
    expect(removed).toHaveBeenCalledWith("abort", expect.any(Function));
  });
});
