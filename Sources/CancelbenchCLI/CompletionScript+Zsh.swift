/// The zsh script: a `#compdef` function for a folder on $fpath, one `_arguments` table per command.
extension CompletionScript {
    var zsh: String {
        var s = """
        #compdef cancelbench
        # zsh completion for cancelbench, printed by `cancelbench completion zsh` from its option tables.
        # Install: write it as _cancelbench into a folder on $fpath, then run compinit.

        _cancelbench_profiles() {
          _alternative \(Self.quoted("names:profile name:(\(profileNames.joined(separator: " ")))")) 'files:profile file:_files -g "*.json"'
        }

        \(weightFunctions)
        _cancelbench() {
          local -a commands
          commands=(

        """
        for entry in entries {
            s += "    \(Self.quoted("\(entry.name):\(entry.abstract)"))\n"  // _describe splits at the first colon only
        }
        s += """
          )
          if (( CURRENT == 2 )); then
            _describe -t commands 'cancelbench command' commands
            compadd -- help --help --version
            return
          fi
          local cmd=$words[2]
          shift words
          (( CURRENT-- ))
          case $cmd in
            (help) (( CURRENT == 2 )) && _describe -t commands 'cancelbench command' commands ;;

        """
        for entry in entries {
            s += "    (\(entry.name)) _arguments -S \\\n"
            for spec in entry.options {
                s += "      \(Self.quoted(zshSpec(spec))) \\\n"
            }
            switch entry.arguments {
            case .none: s += "      && return 0 ;;\n"
            case let arguments: s += "      \(Self.quoted("*:argument:\(zshAction(arguments))")) && return 0 ;;\n"
            }
        }
        s += """
          esac
          return 1
        }

        if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
          _cancelbench "$@"
        else
          compdef _cancelbench cancelbench
        fi

        """
        return s
    }

    /// `--name=[summary]:VALUE:action`, `*` in front when repeatable; a flag without a value has no `:` parts.
    private func zshSpec(_ spec: OptionSpec) -> String {
        var text = (spec.repeatable ? "*" : "") + "--\(spec.name)"
        guard let completion = spec.valueCompletion, let value = spec.value else {
            return text + "[\(Self.escaped(Self.summary(spec.help)))]"
        }
        text += "=[\(Self.escaped(Self.summary(spec.help)))]:\(Self.escaped(value)):\(zshAction(completion))"
        return text
    }

    private func zshAction(_ completion: ValueCompletion) -> String {
        switch completion {
        case .none: return " "
        case .words(let words): return "(\(words.joined(separator: " ")))"
        case .profiles: return "_cancelbench_profiles"
        case .files: return "_files"
        case .directories: return "_files -/"
        case .weights(let names):
            return "_cancelbench_weights\(weightLists.firstIndex(of: names) ?? 0)"
        }
    }

    /// Every distinct `NAME=WEIGHT,...` list of the table, in order; each gets a function (an action's colons
    /// would end the `_arguments` field, so `_values`'s specs cannot be written in place).
    private var weightLists: [[String]] {
        var lists: [[String]] = []
        for spec in entries.flatMap(\.options) {
            if case .weights(let names)? = spec.valueCompletion, !lists.contains(names) { lists.append(names) }
        }
        return lists
    }

    private var weightFunctions: String {
        weightLists.enumerated().map { index, names in
            "_cancelbench_weights\(index)() {\n  _values -s , 'name' \(names.map { Self.quoted("\($0):weight: ") }.joined(separator: " "))\n}\n"
        }.joined()
    }

    /// Text for a description or message of `_arguments`, whose fields end at `:` and `]`.
    static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\:[]".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
