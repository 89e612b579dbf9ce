/// The bash script: one function, `_cancelbench`, registered with `complete -F`.
extension CompletionScript {
    var bash: String {
        var s = #"""
        # bash completion for cancelbench, printed by `cancelbench completion bash` from its option tables.
        # Install: source <(cancelbench completion bash), or write it to /etc/bash_completion.d/cancelbench.

        # $1: the words to offer, $2: the word being completed.
        _cancelbench_words() {
          mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
        }
        # $1: -f for files, -d for folders, $2: the word being completed.
        _cancelbench_paths() {
          compopt -o filenames 2>/dev/null
          mapfile -t COMPREPLY < <(compgen "$1" -- "$2")
        }
        # A profile name, a .json file, or a folder on the way to one.
        _cancelbench_profiles() {
          compopt -o filenames 2>/dev/null
          mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2"; compgen -f -X '!*.json' -- "$2"; compgen -d -- "$2")
        }
        # NAME=WEIGHT,... lists: bash splits the word at each '=', so the word here is what follows the last '='
        # (empty, 'cl', or '1,ru'); the name after the last comma is completed and '=' appended.
        _cancelbench_weights() {
          local head=
          [[ $2 == *,* ]] && head=${2%,*},
          compopt -o nospace 2>/dev/null
          mapfile -t COMPREPLY < <(compgen -P "$head" -S = -W "$1" -- "${2##*,}")
        }

        _cancelbench() {
          local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]} j=$((COMP_CWORD - 1)) inside=0
          COMPREPLY=()
          if (( COMP_CWORD == 1 )); then
            _cancelbench_words "\#(commandWords) help --help --version" "$cur"
            return 0
          fi
          if [[ $cmd == help ]]; then
            (( COMP_CWORD == 2 )) && _cancelbench_words "\#(commandWords)" "$cur"
            return 0
          fi
          [[ $cur == = ]] && cur=
          # The option whose value is being completed: bash splits --flag=value and NAME=WEIGHT at '=', so step
          # back over each '=' and the name joined to it.
          while (( j > 1 )) && { [[ ${COMP_WORDS[j]} == = ]] || [[ ${COMP_WORDS[j+1]} == = && ${COMP_WORDS[j]} != -* ]]; }; do
            [[ ${COMP_WORDS[j]} != = ]] && inside=1
            (( j-- ))
          done
          local prev=${COMP_WORDS[j]}
          case "$cmd $prev" in

        """#
        for entry in entries {
            for spec in entry.options {
                guard let completion = spec.valueCompletion else { continue }
                s += "    \(Self.quoted("\(entry.name) --\(spec.name)"))) \(bashAction(completion)); return 0;;\n"
            }
        }
        s += """
          esac
          if [[ $cur == -* ]]; then
            case $cmd in

        """
        for entry in entries {
            s += "      \(Self.quoted(entry.name))) _cancelbench_words \(Self.quoted(entry.options.map { "--\($0.name)" }.joined(separator: " "))) \"$cur\";;\n"
        }
        s += """
            esac
            return 0
          fi
          case $cmd in

        """
        for entry in entries where entry.arguments != .none {
            s += "    \(Self.quoted(entry.name))) \(bashAction(entry.arguments));;\n"
        }
        s += """
          esac
          return 0
        }

        complete -F _cancelbench cancelbench

        """
        return s
    }

    private var commandWords: String { entries.map(\.name).joined(separator: " ") }

    /// The call that fills COMPREPLY for a value; `inside` says the word is past a NAME= of a weights list.
    private func bashAction(_ completion: ValueCompletion) -> String {
        switch completion {
        case .none: return ":"
        case .words(let words): return "_cancelbench_words \(Self.quoted(words.joined(separator: " "))) \"$cur\""
        case .profiles: return "_cancelbench_profiles \(Self.quoted(profileNames.joined(separator: " "))) \"$cur\""
        case .files: return "_cancelbench_paths -f \"$cur\""
        case .directories: return "_cancelbench_paths -d \"$cur\""
        case .weights(let names):
            return "[[ $inside == 0 || $cur == *,* ]] && _cancelbench_weights \(Self.quoted(names.joined(separator: " "))) \"$cur\""
        }
    }
}
