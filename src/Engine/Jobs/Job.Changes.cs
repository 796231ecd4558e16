namespace Portal.Engine.Jobs;

public sealed partial class Job
{
    /// <summary>
    /// What a kind may change in its job, handed to <see cref="Update"/> and valid only inside it (it runs under
    /// the job's lock). Collections are copied into the next snapshot only when they changed.
    /// </summary>
    public sealed class Changes
    {
        private readonly Job _job;
        private readonly JobOptions _limits;
        private readonly List<JobProgress> _progress = [];
        private readonly Queue<string> _log = new();
        private readonly Dictionary<string, string> _outputs = new(StringComparer.Ordinal);
        private bool _progressChanged;
        private bool _logChanged;
        private bool _outputsChanged;
        private string? _target;
        private string? _team;
        private bool _teamChanged;
        private string? _status;

        internal Changes(Job job, JobOptions limits)
        {
            _job = job;
            _limits = limits;
        }

        /// <summary>What the job works on.</summary>
        public string Target
        {
            get => _target ?? _job._snapshot.Target;
            set => _target = value;
        }

        /// <summary>The team the job works for.</summary>
        public string? Team
        {
            get => _teamChanged ? _team : _job._snapshot.Team;
            set
            {
                _team = value;
                _teamChanged = true;
            }
        }

        /// <summary>The overall line.</summary>
        public string? Status
        {
            get => _status ?? _job._snapshot.Status;
            set => _status = value;
        }

        /// <summary>Progress items held now.</summary>
        public int ProgressCount => _progress.Count;

        /// <summary>Replaces the item with the same id, or adds it while there is room (the first ones stay shown).</summary>
        public void SetProgress(JobProgress item)
        {
            ArgumentNullException.ThrowIfNull(item);
            var index = _progress.FindIndex(p => p.Id == item.Id);
            if (index >= 0)
            {
                _progress[index] = item;
            }
            else if (_progress.Count < _limits.MaxProgressItems)
            {
                _progress.Add(item);
            }
            else
            {
                return;
            }

            _progressChanged = true;
        }

        /// <summary>Adds an item as a new step of the history; the oldest is dropped past the bound.</summary>
        public void AddProgress(JobProgress item)
        {
            ArgumentNullException.ThrowIfNull(item);
            if (_progress.Count >= _limits.MaxProgressItems)
            {
                _progress.RemoveAt(0);
            }

            _progress.Add(item);
            _progressChanged = true;
        }

        /// <summary>Adds a log line, cut to the line cap; the oldest line is dropped past the bound.</summary>
        public void AddLog(string line)
        {
            ArgumentNullException.ThrowIfNull(line);
            if (line.Length > _limits.MaxLogLineLength)
            {
                line = string.Concat(line.AsSpan(0, _limits.MaxLogLineLength - 1), "…");
            }

            if (_log.Count >= _limits.MaxLogLines)
            {
                _log.Dequeue();
            }

            _log.Enqueue(line);
            _logChanged = true;
        }

        /// <summary>Records one fact about the result (<see cref="JobOutputs"/>); null removes it.</summary>
        public void SetOutput(string name, string? value)
        {
            ArgumentNullException.ThrowIfNull(name);
            _outputsChanged |= value is null ? _outputs.Remove(name) : _outputs.TryAdd(name, value) || Replace(name, value);
        }

        private bool Replace(string name, string value)
        {
            if (_outputs[name] == value)
            {
                return false;
            }

            _outputs[name] = value;
            return true;
        }

        /// <summary>The next snapshot: the previous one with what changed since, its version one higher.</summary>
        internal JobSnapshot Apply(JobSnapshot previous)
        {
            var next = previous with
            {
                Target = Target,
                Team = Team,
                Status = Status,
                Progress = _progressChanged ? [.. _progress] : previous.Progress,
                Log = _logChanged ? [.. _log] : previous.Log,
                Outputs = _outputsChanged ? new Dictionary<string, string>(_outputs, StringComparer.Ordinal) : previous.Outputs,
                Version = previous.Version + 1,
            };
            _progressChanged = _logChanged = _outputsChanged = false;
            return next;
        }
    }
}
