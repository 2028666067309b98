import MigrationLint

/// The memory all of a run's event queues may hold together, and the one
/// lock they share (taking a batch from one queue frees room for the
/// linters waiting on the others).
final class QueueBudget: @unchecked Sendable {
  let condition = Condition()
  /// Bytes (by `LintEvent.weight`) the queues hold now; under `condition`.
  var weight = 0
  let limit: Int
  /// Nothing more is written (a fatal error): pushes are dropped and no
  /// linter waits for room. Under `condition`.
  private(set) var abandoned = false

  init(limit: Int) { self.limit = limit }

  /// Stops the run's writing: pushes are dropped, no linter waits any more.
  func abandon() {
    condition.lock()
    abandoned = true
    condition.broadcast()
    condition.unlock()
  }
}

/// A bounded queue of one folder's events, from the thread linting it to
/// whoever writes the report: the linter waits while the run's queues hold
/// more than their shared budget (by `LintEvent.weight`), so memory stays
/// bounded whatever the number of files. Bounded by weight, not by a count
/// per queue: a worker on a later folder must run far ahead while an
/// earlier, large folder is still being written (64 files per queue left
/// the second core idle there: 20% more wall time on the corpus).
final class EventQueue: @unchecked Sendable {
  private let budget: QueueBudget
  private var condition: Condition { budget.condition }
  private var events: [LintEvent] = []
  private var weight = 0
  private var closed = false
  /// Whether the main thread sleeps on this queue (`waitForEvents`): it is
  /// woken for a batch, not for every event.
  private var consumerWaiting = false
  private var outcome = FolderLinter.Outcome()
  private var clock = StageClock(enabled: false)

  init(budget: QueueBudget) { self.budget = budget }

  /// Adds `event` (of `eventWeight`) unless the queues are over budget and
  /// this one already holds an event; an empty queue always takes one
  /// event, however heavy (it may be the one the writer needs next).
  func tryPush(_ event: LintEvent, weight eventWeight: Int) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    if budget.abandoned { return true }
    guard events.isEmpty || budget.weight + eventWeight <= budget.limit else { return false }
    events.append(event)
    weight += eventWeight
    budget.weight += eventWeight
    if consumerWaiting && (events.count >= 32 || budget.weight * 2 > budget.limit) { condition.broadcast() }
    return true
  }

  /// Sleeps until an event of `eventWeight` fits (see `tryPush`).
  func waitForRoom(_ eventWeight: Int) {
    condition.lock()
    defer { condition.unlock() }
    while !budget.abandoned && !events.isEmpty && budget.weight + eventWeight > budget.limit {
      // A writer asleep on this very queue must take it before room comes.
      if consumerWaiting { condition.broadcast() }
      condition.wait()
    }
  }

  /// Sleeps until the queue has an event or is closed.
  func waitForEvents() {
    condition.lock()
    defer { condition.unlock() }
    while events.isEmpty && !closed && !budget.abandoned {
      consumerWaiting = true
      condition.wait()
    }
    consumerWaiting = false
  }

  /// Every event pushed since the last call, and whether the folder is
  /// done (then nothing more comes).
  func takeAvailable() -> (events: [LintEvent], closed: Bool) {
    condition.lock()
    defer { condition.unlock() }
    guard !events.isEmpty else { return ([], closed) }
    var taken: [LintEvent] = []
    swap(&taken, &events)
    budget.weight -= weight
    weight = 0
    // Room for the linters waiting on any queue.
    condition.broadcast()
    return (taken, closed)
  }

  func close(outcome: FolderLinter.Outcome, clock: StageClock) {
    condition.lock()
    self.outcome = outcome
    self.clock = clock
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  /// The linter's outcome and timings (once closed).
  func result() -> (FolderLinter.Outcome, StageClock) {
    condition.lock()
    defer { condition.unlock() }
    return (outcome, clock)
  }

}

/// Writes the report of a run linted on worker threads: folder after
/// folder, in run order, from the folders' event queues.
///
/// The writing is a role, not a thread: with several folders, the worker
/// that pushed an event writes whatever is ready when the role is free
/// (`writesOnWorkers`). The worker on the folder being written thus handles
/// its own events as it goes, so they are freed on the thread that made
/// them (freeing another thread's memory takes its malloc arena's lock),
/// no thread sleeps and wakes for each batch, and reports do not pile up
/// in the queues (memory, page faults). Measured on the corpus, 2 cores:
/// see the README's Performance section. With one folder the main thread
/// writes instead (`serve`), beside the worker that lints it: there the
/// worker's linting is the run's serial part.
final class ReportDrain: @unchecked Sendable {
  private let role = Condition()
  /// Set by a thread with events to write; see `write`. (A mutex, not
  /// `Atomic`: that needs macOS 15, and the plugin builds cslint on the
  /// user's machine.)
  private let requested = Flag()
  private let queues: [EventQueue]
  private let budget: QueueBudget
  private let counter: FolderCounter
  /// Workers write (several folders) or only the main thread does.
  let writesOnWorkers: Bool
  // Under `role`:
  private var stream: ReportStream
  private var current = 0
  private var outcome = FolderLinter.Outcome()
  private var clock: StageClock

  init(
    stream: ReportStream, queues: [EventQueue], budget: QueueBudget, counter: FolderCounter, writesOnWorkers: Bool,
    timings: Bool
  ) {
    self.stream = stream
    self.queues = queues
    self.budget = budget
    self.counter = counter
    self.writesOnWorkers = writesOnWorkers
    self.clock = StageClock(enabled: timings)
  }

  /// Queues `event` of folder `index` (on the worker linting it).
  func push(_ event: LintEvent, folder index: Int) {
    let queue = queues[index]
    let weight = event.weight
    while !queue.tryPush(event, weight: weight) {
      // Over budget: write what is ready (this folder's own events when it
      // is the one being written), and wait only if that made no room.
      if writesOnWorkers {
        write(waiting: true)
        if queue.tryPush(event, weight: weight) { break }
      }
      queue.waitForRoom(weight)
    }
    if writesOnWorkers { write(waiting: false) }
  }

  /// Ends folder `index` (on the worker that linted it).
  func close(folder index: Int, outcome: FolderLinter.Outcome, clock: StageClock) {
    queues[index].close(outcome: outcome, clock: clock)
    if writesOnWorkers { write(waiting: false) }
  }

  /// The main thread writes as events come until every folder is written
  /// (or a fatal error stops the run).
  func serve() {
    while true {
      write(waiting: true)
      role.lock()
      let index = current
      let done = index >= queues.count || outcome.fatal
      role.unlock()
      if done { return }
      queues[index].waitForEvents()
    }
  }

  /// After every worker is done: writes the rest; the stream, the folders'
  /// outcomes and the timings.
  func finish() -> (stream: ReportStream, outcome: FolderLinter.Outcome, clock: StageClock) {
    write(waiting: true)
    role.lock()
    defer { role.unlock() }
    return (stream, outcome, clock)
  }

  /// Writes every event that is ready, folder after folder; without
  /// `waiting`, only if no other thread is writing. A thread that finds the
  /// role taken leaves its events to the writer: it raises `requested`
  /// first, and a writer looks at `requested` again after giving the role
  /// up, so no event is left behind and no worker waits for the role merely
  /// to hand its events over.
  private func write(waiting: Bool) {
    requested.set(true)
    if waiting {
      role.lock()
      requested.set(false)
      writeReady()
      role.unlock()
    }
    while requested.value && role.tryLock() {
      requested.set(false)
      writeReady()
      role.unlock()
    }
  }

  /// Under `role`.
  private func writeReady() {
    while current < queues.count && !outcome.fatal {
      var (events, closed) = queues[current].takeAvailable()
      if !events.isEmpty {
        // Handled and released one at a time: the batch holds no report already written.
        events.reverse()
        clock.measure("report") { while let event = events.popLast() { stream.handle(event) } }
      }
      guard closed else { return }
      let (folderOutcome, folderClock) = queues[current].result()
      outcome.merge(folderOutcome)
      clock.add(folderClock)
      current += 1
      if outcome.fatal {
        counter.stop()
        budget.abandon()
      }
    }
  }
}

/// A Boolean shared between threads.
final class Flag: @unchecked Sendable {
  private let lock = Condition()
  private var stored = false

  var value: Bool {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }

  func set(_ newValue: Bool) {
    lock.lock()
    stored = newValue
    lock.unlock()
  }
}
