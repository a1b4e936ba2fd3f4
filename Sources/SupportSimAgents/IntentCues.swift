import Foundation

/// Phrases that name an intent outright ("chargeback", "charged twice"). Naive Bayes weighs
/// every word alike, so a long message about a plan that mentions an attorney once can be read
/// as a plan question; a cue adds a fixed log-odds bonus to its intent so the decisive words win.
public struct IntentCue: Sendable {
    public var intent: String
    public var pattern: NSRegularExpression
    /// The same pattern matched with case, for text already lower-cased: ICU's case-insensitive
    /// matching folds every character it tries, and the classifier tries 18 cues on every
    /// message. Only for a pattern without capitals (`\W`, `\D`, `\S`, `\B` mean other things
    /// than their lower-case forms), nil otherwise.
    let lowerCasePattern: NSRegularExpression?

    public init(_ intent: String, _ pattern: String) {
        self.intent = intent
        self.pattern = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        self.lowerCasePattern = pattern.contains(where: \.isUppercase) ? nil : try! NSRegularExpression(pattern: pattern)
    }

    public func matches(_ text: String) -> Bool {
        pattern.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    /// `matches(text)` where `lowered` is `text.lowercased()`.
    func matches(_ text: String, lowered: String) -> Bool {
        guard let lowerCasePattern else { return matches(text) }
        return lowerCasePattern.firstMatch(in: lowered, range: NSRange(location: 0, length: (lowered as NSString).length)) != nil
    }

    /// Log-odds added to the intent of each matching cue.
    public static let bonus = 4.0

    /// Intents whose action cannot be undone are never read from words that do not name it: a
    /// message with none of these words is not that intent, however its other words lean ("can
    /// you help me with my homework?" is not "can you help me close my account?").
    /// The same holds for intents that move money or hand the customer over: a refund is read
    /// only from a message that asks for money back, a duplicate charge only from one that says
    /// something was taken more than once, a hand-off only from one that names a person (or the
    /// bot). Without these, "when is my subscription fee collected?" could be read as a refund
    /// request, "what is this debit on my statement?" as a duplicate charge, and "switch me to
    /// the basic tier" (beside a suite's example "put me through to a manager") as a hand-off.
    public static let required: [IntentCue] = [
        IntentCue("account.close", #"\b(clos(e|ed|es|ing)|delet(e|ed|ing)|deactivat(e|ed|ing)|terminat(e|ed|ing)|remov(e|ed|ing)|shut(ting)? down|get rid of|cancel(l?(ed|ing))?|erase|wipe|gdpr|forget me)\b"#),
        IntentCue("billing.refund_request", #"\b(refund\w*|back|reimburs\w*|credit\w*|compensat\w*|repa(y|id)|revers\w*|return (the|my) (full )?(money|amount|payment))\b"#),
        IntentCue("billing.double_charge", #"\b(twice|two|2|double|doubled|duplicat\w*|again|same|both|second|multiple|extra|repeat\w*|x2|2x|once)\b"#),
        IntentCue("human.request", #"\b(person|people|humans?|agents?|someone|somebody|representative|rep|staff|manager|supervisor|operator|real|live|talk|speak|call|phone|bots?|robot|machine|chatbot|ai|automated|team|advis[eo]r|specialist|colleague|transfer\w*|escalat\w*|put (me )?through|connect me|hand (me )?over|pass(ed)? (me )?(on|over))\b"#),
    ]

    public static let standard: [IntentCue] = [
        IntentCue("legal.threat", #"\b(attorneys?|lawyers?|lawsuit|sue|suing|legal action|small claims|chargebacks?|court)\b"#),
        IntentCue("billing.double_charge", #"\b(twice|double[- ]?charged?|duplicate[sd]?|charged two times|two (identical )?charges)\b"#),
        IntentCue("billing.refund_request", #"\b(refund(ed)?|money back|reimburse(ment)?)\b"#),
        IntentCue("billing.payment_failed", #"\b(declined|payment (has )?failed|failed payment|(was|got) rejected|didn'?t go through|bounced)\b"#),
        IntentCue("tech.troubleshooting", #"\b(not working|doesn'?t work|won'?t (turn on|connect|pair|charge)|not charging|keeps? (disconnecting|dropping|crashing)|lag(s|gy|ging)|jump(s|ing) around|freez(es|ing)|stutter(s|ing)?|black (image|screen)|firmware|drivers?|flicker(s|ing)?|not detected|no signal)\b"#),
        // A question about when a delivery comes, or whether it has left: "show up", "been sent".
        IntentCue("order.status", #"\bwhen (is|will|does|should|are|do|can)\b[^.?!]*\b(arriv\w*|come|coming|turn(ing)? up|show(ing)? up|get here|be here|deliver\w*|ship\w*|dispatch\w*)\b|\b(tracking|track (my|the|an?) (order|parcel|package|delivery))\b|\b(been|it) (sent|shipped|dispatched|posted)\b"#),
        // Sending goods back is a return, even when the customer also wants their money back.
        IntentCue("order.return", #"\b(send|sending|post|posting|ship) (it|them|this|these|the \w+) back\b|\breturn (it|them|this|these)\b"#),
        IntentCue("order.problem", #"\b(arrived (damaged|broken|cracked)|damaged|wrong (item|colou?r|size|product)|missing (item|from)|cracked|dented|smashed)\b"#),
        // "Put me on", "move me down to", "switch me to": a plan is being changed.
        IntentCue("billing.change_plan", #"\b(put|move|switch|bump|take|change) me (on|onto|to|up|down|over)\b|\b(upgrade|downgrade)\b"#),
        IntentCue("smalltalk.goodbye", #"\b(bye|goodbye|see you)\b"#),
        IntentCue("account.update_details", #"\b(change|update) (my |the )?(e-?mail|phone( number)?|name|language)\b"#),
        IntentCue("product.availability", #"\b(in stock|back in stock|restock(ed)?|out of stock)\b"#),
        IntentCue("human.request", #"\b((real|actual|live) (person|agent|human)|(a|another) (person|human)|human( being| agent)?|representative|(not|no) (a |an )?(bots?|robot|machine|chatbot|ai)|(don'?t|do not) want (a|the|this|your) (bot|robot|machine|chatbot))\b"#),
        IntentCue("complaint.service", #"\b(complain(t|ts|ing)?|hung up on|rude|unacceptable|appalling|disgraceful|fed up|sick of|(terrible|awful|rubbish) (service|support))\b"#),
    ]
}
