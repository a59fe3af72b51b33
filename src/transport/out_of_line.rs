//! Waiting on a path that most calls never take (a `getAccessToken` request, `onResponse`, an
//! error body, a read-back, a retry's wait) through a function of its own. V8 compiles a
//! WebAssembly module function by function, each on its first call: code inlined into the
//! common path is compiled before the first request leaves, whether it runs or not
//! (`bench/first-run.mjs` counts it). Kept apart, it is compiled only when a call takes it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pin_project_lite::pin_project! {
    /// `future`, polled by a function that is never inlined into its caller's.
    pub struct OutOfLine<F> {
        #[pin]
        future: F,
    }
}

impl<F: Future> OutOfLine<F> {
    /// Wraps `future`.
    pub fn new(future: F) -> Self {
        OutOfLine { future }
    }
}

impl<F: Future> Future for OutOfLine<F> {
    type Output = F::Output;

    #[inline(never)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.project().future.poll(cx)
    }
}
