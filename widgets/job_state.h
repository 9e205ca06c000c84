#pragma once
// The life cycle of a generation or training job, shared by the job list and the code that runs the jobs.
// Plain C++: no Qt dependency.

enum class JobState { Queued, Running, Done, Failed, Cancelled };

// Done, Failed and Cancelled jobs are finished: they can be removed from the list, not cancelled.
constexpr bool isJobFinished(JobState state) {
  return state == JobState::Done || state == JobState::Failed || state == JobState::Cancelled;
}
constexpr bool isJobCancellable(JobState state) {
  return state == JobState::Queued || state == JobState::Running;
}
