//! Ending a call early: the caller's `AbortSignal` and the call's time limit abort the fetch in
//! flight and any wait. One `AbortController` per call that needs one (reqwest's `AbortGuard`
//! idea); dropping the [`Cancellation`] clears its timer and listener, so nothing outlives the
//! call.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::fetch::{clear_timeout, monotonic_now, set_timeout};
use crate::error::ApiError;
use crate::js::{message_of, Rejection};
use crate::request::HttpRequest;

/// Why a call was stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// The caller's signal aborted with a reason other than a `TimeoutError`.
    Aborted,
    /// The caller's signal aborted with a `TimeoutError` (`AbortSignal.timeout()`).
    SignalTimedOut,
    /// The call's `timeoutMs` passed.
    TimedOut,
}

/// A call's cancellation: its controller, why it stopped, and its deadline.
pub struct Cancellation {
    /// Present only with a signal or a time limit: a call with neither needs no controller.
    controller: Option<web_sys::AbortController>,
    /// Settles when the call is stopped.
    stopped: Option<Promise>,
    stop: Rc<Cell<Option<Stop>>>,
    signal: Option<web_sys::AbortSignal>,
    timeout_ms: Option<u32>,
    deadline: Option<f64>,
    on_abort: Option<Closure<dyn FnMut()>>,
    timer: Option<(JsValue, Closure<dyn FnMut()>)>,
    /// The status of the response being read, once its headers arrived.
    pub status: Cell<Option<u16>>,
}

#[wasm_bindgen]
extern "C" {
    // `signal.aborted` and `signal.reason`, catching: the signal is judged by its tag, which any
    // object can claim, so its getters may throw (never an exception through these frames).
    type SignalLike;
    #[wasm_bindgen(catch, method, structural, getter = aborted)]
    fn aborted(this: &SignalLike) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, structural, getter = reason)]
    fn reason(this: &SignalLike) -> Result<JsValue, JsValue>;
}

/// Whether `signal` aborted; one whose `aborted` throws has not (its first read, in
/// [`Cancellation::new`], rejected the call already).
fn is_aborted(signal: &web_sys::AbortSignal) -> bool {
    signal
        .unchecked_ref::<SignalLike>()
        .aborted()
        .is_ok_and(|aborted| aborted.is_truthy())
}

/// The signal's `reason`; `undefined` if reading it threw.
fn reason(signal: &web_sys::AbortSignal) -> JsValue {
    signal
        .unchecked_ref::<SignalLike>()
        .reason()
        .unwrap_or_default()
}

impl Cancellation {
    /// Starts the clock and listens to `signal`.
    pub fn new(
        signal: Option<web_sys::AbortSignal>,
        timeout_ms: Option<u32>,
    ) -> Result<Self, ApiError> {
        let mut this = Cancellation {
            controller: None,
            stopped: None,
            stop: Rc::new(Cell::new(None)),
            signal,
            timeout_ms,
            deadline: timeout_ms.map(|ms| monotonic_now() + f64::from(ms)),
            on_abort: None,
            timer: None,
            status: Cell::new(None),
        };
        if this.signal.is_none() && timeout_ms.is_none() {
            return Ok(this);
        }
        let controller = web_sys::AbortController::new().map_err(|_| {
            ApiError::invalid_input(
                "options",
                "cannot be honoured: this runtime has no AbortController",
            )
        })?;
        let inner = controller.signal();
        this.stopped = Some(Promise::new(&mut |resolve, _| {
            let _ = inner.add_event_listener_with_callback("abort", &resolve);
        }));
        if let Some(signal) = &this.signal {
            let stop = this.stop.clone();
            let (signal2, controller2) = (signal.clone(), controller.clone());
            let on_abort = move || {
                if stop.get().is_none() {
                    stop.set(Some(stop_of(&reason(&signal2))));
                }
                controller2.abort_with_reason(&reason(&signal2));
            };
            let aborted = signal.unchecked_ref::<SignalLike>().aborted();
            let aborted = aborted.map_err(|_| {
                ApiError::invalid_input("options.signal", "threw when its `aborted` was read")
            })?;
            if aborted.is_truthy() {
                on_abort();
            } else {
                let closure = Closure::<dyn FnMut()>::new(on_abort);
                let _ = signal
                    .add_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
                this.on_abort = Some(closure);
            }
        }
        if let Some(ms) = timeout_ms {
            let (stop, controller) = (this.stop.clone(), controller.clone());
            let closure = Closure::<dyn FnMut()>::new(move || {
                if stop.get().is_none() {
                    stop.set(Some(Stop::TimedOut));
                }
                controller.abort();
            });
            let id = set_timeout(closure.as_ref().unchecked_ref(), ms as i32);
            this.timer = Some((id, closure));
        }
        this.controller = Some(controller);
        Ok(this)
    }

    /// The signal to hand to `fetch`, if the call can be cancelled.
    pub fn fetch_signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    /// Milliseconds left before the time limit, if there is one.
    pub fn remaining_ms(&self) -> Option<f64> {
        self.deadline.map(|at| at - monotonic_now())
    }

    /// The error to end the call with, once the signal aborted or the time ran out: `aborted`
    /// with the signal's reason as `cause`, or `timeout` (a `TimeoutError` reason counts).
    pub fn stopped(&self, request: &HttpRequest) -> Option<Rejection> {
        let method = request.method.as_str();
        let reason = self.signal.as_ref().filter(|s| is_aborted(s)).map(reason);
        let error = match self.stop.get()? {
            Stop::TimedOut => {
                let ms = self.timeout_ms.unwrap_or(0);
                ApiError::timeout(method, &request.url, ms, self.status.get())
            }
            Stop::SignalTimedOut => {
                let detail = reason.as_ref().map(message_of).unwrap_or_default();
                ApiError::timeout_signal(method, &request.url, &detail)
            }
            Stop::Aborted => ApiError::aborted(method, &request.url),
        };
        Some(match reason {
            Some(reason) => Rejection::with_cause(error, reason),
            None => error.into(),
        })
    }

    /// Waits for `promise` to settle unless the call is stopped first; `None` when stopped.
    /// Through `Promise.race` even without a stop: `promise` may be a hook's own (`Promise.resolve`
    /// hands a promise back as it is), and waiting for it directly would call its `then`, which
    /// may have been replaced by one that throws; `Promise.race` turns that into a rejection.
    pub async fn settle(&self, promise: &Promise) -> Option<Result<JsValue, JsValue>> {
        let waits = match &self.stopped {
            Some(stopped) => Array::of2(promise, stopped),
            None => Array::of1(promise),
        };
        let outcome = JsFuture::from(Promise::race(&waits)).await;
        // Stopped first (or at the same time): the call ends with the stop's error.
        self.stop.get().is_none().then_some(outcome)
    }

    /// Waits `ms` milliseconds, or less if the call is stopped meanwhile.
    pub async fn sleep(&self, ms: u32) {
        let mut timer = JsValue::UNDEFINED;
        let wait = Promise::new(&mut |resolve: Function, _| {
            timer = set_timeout(&resolve, ms.min(i32::MAX as u32) as i32);
        });
        self.settle(&wait).await;
        clear_timeout(&timer);
    }
}

/// How a signal's `reason` stops a call: a `TimeoutError` (from `AbortSignal.timeout()`) is a
/// timeout, anything else an abort.
fn stop_of(reason: &JsValue) -> Stop {
    let name = js_sys::Reflect::get(reason, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string());
    if name.as_deref() == Some("TimeoutError") {
        Stop::SignalTimedOut
    } else {
        Stop::Aborted
    }
}

impl Drop for Cancellation {
    fn drop(&mut self) {
        if let Some((id, _)) = &self.timer {
            clear_timeout(id);
        }
        if let (Some(signal), Some(closure)) = (&self.signal, &self.on_abort) {
            let _ = signal
                .remove_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
        }
    }
}
