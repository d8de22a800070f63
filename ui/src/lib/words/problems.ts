// What is wrong with a typed value, in English and Mongolian: the core
// sends the kind and its parameters (bindings/Problem.ts), these words say
// it beside the field (merged into messages.ts; `problemMn` is typed from
// `problemEn`).

export const problemEn = {
  prob_required: 'This is required.',
  prob_too_long: 'This is longer than {max} characters.',
  prob_not_one_line: 'This must be a single line.',
  prob_hidden: 'This holds an invisible character ({what}, {code}) at character {at}; remove it.',
  prob_hidden_nul: 'a NUL character',
  prob_hidden_escape: 'an escape character',
  prob_hidden_control: 'a control character',
  prob_hidden_direction_override: 'a text direction override',
  prob_hidden_zero_width: 'a zero-width character',
  prob_too_many: 'This has more than {max} entries.',
  prob_not_a_date: '“{value}” is not a date.',
  prob_date_out_of_range: '{value} is outside the years {min}–{max}.',
  prob_before_start: 'This ends ({value}) before it starts ({start}).',
  prob_in_future: '{value} is after today ({today}); give the date it happened.',
  prob_not_a_period: '“{value}” is not a period; write 2017, 2017-Q2, 2017-05 or 2017-05-31.',
  prob_not_a_number: '“{value}” is not a number.',
  prob_not_finite: 'This must be a finite number.',
  prob_out_of_range: '{value} is outside {min}–{max}, what the indicator’s unit allows.',
  prob_not_an_sdg: '“{value}” is not an SDG goal or target; write 16 or 16.3.',
  prob_taken: '“{value}” is already used by another record; choose another.',
  prob_not_in_vocabulary: '“{value}” is not one of the workspace’s terms.',
  prob_no_such_record: 'This names a record that does not exist or was archived.',
  prob_weak_passphrase:
    'This passphrase is too easy to guess (about 10^{n} tries); use the one Accord proposes, or five or more unrelated words.',
  prob_wrong_passphrase: 'The passphrase is wrong, or the invite file is damaged; check it with the coordinator.',
  prob_not_an_invite: 'This is not an Accord invite file; choose the file the coordinator gave you.',
  prob_outdated_invite:
    'This invite was made by an older version of Accord and is no longer accepted; ask the coordinator for a new one.',
  prob_invite_expired: 'This invite expired on {day}; ask the coordinator for a new one.',
  prob_cannot_read: 'This file cannot be read ({reason}); choose it again.',
};

export const problemMn: Record<keyof typeof problemEn, string> = {
  prob_required: 'Заавал бөглөнө.',
  prob_too_long: '{max} тэмдэгтээс урт байна.',
  prob_not_one_line: 'Нэг мөрөнд бичнэ.',
  prob_hidden: '{at}-р тэмдэгтэд харагдахгүй тэмдэгт ({what}, {code}) байна; устгана уу.',
  prob_hidden_nul: 'NUL тэмдэгт',
  prob_hidden_escape: 'escape тэмдэгт',
  prob_hidden_control: 'удирдлагын тэмдэгт',
  prob_hidden_direction_override: 'бичгийн чиглэл солих тэмдэгт',
  prob_hidden_zero_width: 'өргөнгүй тэмдэгт',
  prob_too_many: '{max}-аас олон бичлэгтэй байна.',
  prob_not_a_date: '“{value}” нь огноо биш байна.',
  prob_date_out_of_range: '{value} нь {min}–{max} оны хооронд биш байна.',
  prob_before_start: 'Дуусах огноо ({value}) эхлэхээс ({start}) өмнө байна.',
  prob_in_future: '{value} нь өнөөдрөөс ({today}) хойш байна; болсон огноог оруулна уу.',
  prob_not_a_period: '“{value}” нь хугацаа биш байна; 2017, 2017-Q2, 2017-05 эсвэл 2017-05-31 гэж бичнэ үү.',
  prob_not_a_number: '“{value}” нь тоо биш байна.',
  prob_not_finite: 'Төгсгөлөг тоо байх ёстой.',
  prob_out_of_range: '{value} нь {min}–{max} хооронд биш байна (шалгуур үзүүлэлтийн нэгжид тохирохгүй).',
  prob_not_an_sdg: '“{value}” нь ТХЗ-ын зорилго, зорилт биш байна; 16 эсвэл 16.3 гэж бичнэ үү.',
  prob_taken: '“{value}” өөр бичлэгт ашиглагдсан байна; өөрийг сонгоно уу.',
  prob_not_in_vocabulary: '“{value}” нь ажлын орчны нэр томьёонд байхгүй.',
  prob_no_such_record: 'Байхгүй эсвэл архивласан бичлэгийг заасан байна.',
  prob_weak_passphrase:
    'Энэ нууц үгийг таахад амархан (ойролцоогоор 10^{n} оролдлого); Accord-ын санал болгосныг, эсвэл хоорондоо холбоогүй тав ба түүнээс дээш үгийг ашиглана уу.',
  prob_wrong_passphrase: 'Нууц үг буруу, эсвэл урилгын файл гэмтсэн байна; зохицуулагчаас лавлана уу.',
  prob_not_an_invite: 'Энэ нь Accord-ын урилгын файл биш байна; зохицуулагчийн өгсөн файлыг сонгоно уу.',
  prob_outdated_invite:
    'Энэ урилгыг Accord-ын хуучин хувилбараар үүсгэсэн тул хүлээн авахгүй; зохицуулагчаас шинийг хүсэнэ үү.',
  prob_invite_expired: 'Энэ урилгын хугацаа {day}-нд дууссан; зохицуулагчаас шинийг хүсэнэ үү.',
  prob_cannot_read: 'Энэ файлыг уншиж чадсангүй ({reason}); дахин сонгоно уу.',
};
