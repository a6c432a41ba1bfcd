// The current frame's number and time, shared by the record walker, the decoder and the
// trackers. WHY a shared object instead of arguments: V8 passes a double (the time) or a
// uint32 above 2^30 to a function it has not inlined as a freshly allocated heap number,
// i.e. one allocation per frame; a double field is updated in place.
export class FrameClock {
  /** 1-based number of the frame being decoded. */
  frame = 0;
  /** Its time, seconds since the epoch (initialised as a double so the field stays one). */
  time = 0.5;
}
